package dev.plantctl.models.printer;

import java.io.Serializable;

/**
 * What a process expert estimates about the hidden {@link ProcessTruth} of one {@link MonitoringWindow}, each
 * value with its standard deviation (the expert's total uncertainty: its members' disagreement and their own
 * predicted noise).
 *
 * @param flowPct         actual flow as a percentage of the slicer's nominal flow (firmware flow factor included)
 * @param flowSigmaPct    its standard deviation, percentage points
 * @param zOffsetMm       the nozzle's gap error, mm; positive is too high
 * @param zSigmaMm        its standard deviation, mm
 * @param temperatureDevC the hotend block's deviation from the job's planned temperature, °C
 * @param temperatureSigmaC its standard deviation, °C
 * @param model           the expert's id, {@code name/version}
 */
public record ProcessEstimate(double flowPct, double flowSigmaPct, double zOffsetMm, double zSigmaMm,
                              double temperatureDevC, double temperatureSigmaC, String model) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Flow below this is under-extrusion, % (CIPHER's classes). */
    public static final double UNDER_FLOW_PCT = 90;
    /** Flow above this is over-extrusion, %. */
    public static final double OVER_FLOW_PCT = 110;

    /** The three flow classes of CIPHER. */
    public enum FlowClass {
        /** Below {@value #UNDER_FLOW_PCT} %. */
        UNDER,
        /** Between the two bounds. */
        GOOD,
        /** Above {@value #OVER_FLOW_PCT} %. */
        OVER
    }

    /** The class of a flow percentage. */
    public static FlowClass classOf(double flowPct) {
        return flowPct < UNDER_FLOW_PCT ? FlowClass.UNDER : flowPct > OVER_FLOW_PCT ? FlowClass.OVER : FlowClass.GOOD;
    }
}
