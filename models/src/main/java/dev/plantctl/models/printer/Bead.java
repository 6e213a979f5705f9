package dev.plantctl.models.printer;

/**
 * The cross-section of a deposited line (bead), as slicers model it: a rectangle with semicircular sides,
 * squeezed to the real layer height {@code h} (nominal layer height plus the nozzle's gap error).
 *
 * <pre>
 * A = h · (W − h·(1 − π/4))        cross-section of a bead of width W and height h, mm²
 * W = A / h + h · (1 − π/4)        width of a bead of area A at height h, mm
 * </pre>
 *
 * When so little material arrives that the bead would be narrower than the gap ({@code A < π h² / 4}), it no
 * longer touches both the nozzle and the layer below: it lies as a round strand of diameter {@code √(4A/π)}, which
 * is then both its width and its height. The two regimes meet at {@code A = π h² / 4}, where {@code W = h}.
 *
 * @param widthMm  the bead's width, mm (0 when nothing was deposited)
 * @param heightMm the bead's height, mm (0 when nothing was deposited)
 */
public record Bead(double widthMm, double heightMm) {

    /** {@code 1 − π/4}: the area a rounded side saves against a rectangle, per h². */
    public static final double ROUNDING = 1 - Math.PI / 4;

    /** No material deposited. */
    public static final Bead NONE = new Bead(0, 0);

    /**
     * The cross-section a slicer extrudes for a line of nominal width and height.
     *
     * @throws IllegalArgumentException when the width is not larger than {@code h·(1 − π/4)} or either is not &gt; 0
     */
    public static double area(double widthMm, double heightMm) {
        Checks.requirePositive("widthMm", widthMm);
        Checks.requirePositive("heightMm", heightMm);
        if (widthMm <= heightMm * ROUNDING) {
            throw new IllegalArgumentException("a line of height " + heightMm + " mm must be wider than "
                    + heightMm * ROUNDING + " mm: " + widthMm);
        }
        return heightMm * (widthMm - heightMm * ROUNDING);
    }

    /**
     * The bead that a cross-section forms in a gap of the given height.
     *
     * @param areaMm2 deposited volume per mm of travel, mm², ≥ 0
     * @param gapMm   the real layer height (nominal height + Z error), mm, &gt; 0
     */
    public static Bead of(double areaMm2, double gapMm) {
        Checks.requireNonNegative("areaMm2", areaMm2);
        Checks.requirePositive("gapMm", gapMm);
        if (areaMm2 == 0) {
            return NONE;
        }
        if (areaMm2 < Math.PI * gapMm * gapMm / 4) {
            double diameter = Math.sqrt(4 * areaMm2 / Math.PI);
            return new Bead(diameter, diameter);
        }
        return new Bead(areaMm2 / gapMm + gapMm * ROUNDING, gapMm);
    }
}
