package dev.plantctl.models.printer;

/**
 * One layer of a print job as the slicer planned it: every extrusion in it has the same nominal line size and
 * speed, one after the other along a path of the given length.
 *
 * @param heightMm    nominal layer height, mm
 * @param lineWidthMm nominal line width, mm
 * @param speedMmS    toolhead speed while extruding at 100 % speed factor, mm/s
 * @param pathMm      length of all extrusion moves in the layer, mm
 */
public record Layer(double heightMm, double lineWidthMm, double speedMmS, double pathMm) {

    /** @throws IllegalArgumentException when a value is not positive or the line is too narrow for its height */
    public Layer {
        Checks.requirePositive("speedMmS", speedMmS);
        Checks.requirePositive("pathMm", pathMm);
        Bead.area(lineWidthMm, heightMm);
    }

    /** The cross-section the slicer extrudes, mm² ({@link Bead#area}). */
    public double areaMm2() {
        return Bead.area(lineWidthMm, heightMm);
    }

    /** Volumetric flow at 100 % speed and flow, mm³/s. */
    public double nominalFlowMm3s() {
        return areaMm2() * speedMmS;
    }

    /** Time to print the layer at 100 % speed, s. */
    public double durationS() {
        return pathMm / speedMmS;
    }
}
