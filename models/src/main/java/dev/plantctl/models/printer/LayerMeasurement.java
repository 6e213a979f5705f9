package dev.plantctl.models.printer;

/**
 * What a per-layer scan (a nozzle camera for the width, a laser profiler for the height) reports when a layer is
 * done: the length-weighted mean width and height of the layer's lines, with the sensors' noise, beside the true
 * values (labels for training and tests) and the slicer's nominal ones.
 *
 * @param layer          the layer's number, from 1
 * @param elapsedS       when the layer was finished, s after the start of the job
 * @param widthMm        measured mean line width, mm
 * @param heightMm       measured mean line height, mm
 * @param trueWidthMm    true mean line width, mm
 * @param trueHeightMm   true mean line height, mm
 * @param nominalWidthMm the slicer's line width, mm
 * @param nominalHeightMm the slicer's layer height, mm
 */
public record LayerMeasurement(int layer, double elapsedS, double widthMm, double heightMm, double trueWidthMm,
                               double trueHeightMm, double nominalWidthMm, double nominalHeightMm) {
}
