package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.MonitoringWindow;

/**
 * A {@link MonitoringWindow} with the truth behind it, time-weighted over the same statuses: the labels the process
 * expert is trained and scored on.
 *
 * @param window          what the signals showed
 * @param flowPct         true outflow over the slicer's nominal flow, % (while moving)
 * @param zOffsetMm       true gap error, mm
 * @param temperatureDevC true block temperature minus the planned one, °C
 * @param trueWidthMm     true mean line width of the layer, mm
 */
public record LabelledWindow(MonitoringWindow window, double flowPct, double zOffsetMm, double temperatureDevC,
                             double trueWidthMm) {

    /** The labels in the order of {@link PrinterExpert#OUTPUTS}. */
    public double[] labels() {
        return new double[] {flowPct, zOffsetMm, temperatureDevC};
    }
}
