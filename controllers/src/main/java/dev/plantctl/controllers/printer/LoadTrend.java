package dev.plantctl.controllers.printer;

import java.io.Serializable;

/**
 * The extruder load across a printer's layers, for the clog rule ({@link FactConstraint.ClogEscalation}): how many
 * consecutive layers up to the last were under-extruded with a load rising by more than {@link #MIN_RISE} of the
 * layer's before (a clog narrows the bore and the load climbs by tens of percent per layer; sensor noise and a steady
 * wrong flow factor do not).
 *
 * @param lastLoad     the extruder motor load of the last layer (NaN: none)
 * @param risingLayers consecutive under-extruded layers with a rising load, up to the last
 */
public record LoadTrend(double lastLoad, int risingLayers) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The relative rise per layer that counts as rising. */
    public static final double MIN_RISE = 0.03;

    /** No layer seen. */
    public static final LoadTrend NONE = new LoadTrend(Double.NaN, 0);

    /**
     * The trend after one more layer.
     *
     * @param underExtruded whether the layer was under-extruded
     * @param load          its extruder motor load
     */
    public LoadTrend next(boolean underExtruded, double load) {
        return new LoadTrend(load, underExtruded && load > lastLoad * (1 + MIN_RISE) ? risingLayers + 1 : 0);
    }
}
