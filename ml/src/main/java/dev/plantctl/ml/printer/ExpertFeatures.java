package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.Bead;
import dev.plantctl.models.printer.ExtruderParameters;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import java.util.List;

/**
 * The process expert's inputs: one row of features per {@link MonitoringWindow}, relative to the job's nominal
 * line and planned temperature, so that one expert serves jobs of different line sizes.
 *
 * <p>Columns ({@link #NAMES}): the scan's width and height over the nominal ones; the cross-section the scan
 * implies ({@link Bead#area} of the measured line, a round thread when narrower than high) over the nominal one;
 * the reading's and the target's deviation from the planned temperature; heater duty; motor load; the filament
 * sensor over the commanded feed; the flow and speed factors; the commanded volumetric flow (mm³/s of 1.75 mm
 * filament); the live Z adjustment; the share of the window the extruder could feed; whether it is the first
 * layer.
 */
public final class ExpertFeatures {

    /** Feature names, in column order. */
    public static final List<String> NAMES = List.of("width_ratio", "height_ratio", "area_ratio",
            "reading_dev_c", "target_dev_c", "heater_duty", "motor_load", "filament_ratio", "extrude_factor",
            "speed_factor", "commanded_flow_mm3s", "z_adjust_mm", "can_extrude", "first_layer");

    private ExpertFeatures() {
    }

    /** The feature row of a window. */
    public static double[] of(MonitoringWindow w, PrintContext job) {
        return new double[] {
            w.widthMm() / job.nominalWidthMm(),
            w.heightMm() / job.nominalHeightMm(),
            measuredArea(w.widthMm(), w.heightMm()) / job.nominalAreaMm2(),
            w.temperatureC() - job.plannedTemperatureC(),
            w.targetC() - job.plannedTemperatureC(),
            w.heaterDuty(),
            w.motorLoad(),
            w.filamentRatio(),
            w.extrudeFactor(),
            w.speedFactor(),
            w.commandedFlowMm3s(ExtruderParameters.DEFAULTS.filamentDiameterMm()),
            w.zAdjustMm(),
            w.canExtrudeFraction(),
            w.layer() == 1 ? 1 : 0,
        };
    }

    /** The cross-section of a measured line, mm²: a flattened bead, or a round thread when it is not wider than high. */
    static double measuredArea(double widthMm, double heightMm) {
        if (widthMm <= 0 || heightMm <= 0) {
            return 0;
        }
        if (widthMm <= heightMm) {
            return Math.PI * widthMm * widthMm / 4;
        }
        return Bead.area(widthMm, heightMm);
    }
}
