package dev.plantctl.models.printer;

/**
 * Filament materials with their nozzle temperature windows and melt behaviour.
 *
 * <p>Melt capacity (the highest volumetric flow the hotend can melt) is modelled as linear in the nozzle
 * temperature: zero at {@link #noFlowC()} and {@link #meltCapacityMm3s()} at {@link #nominalC()}, capped at
 * {@value #MAX_CAPACITY_GAIN} times that. Melt viscosity falls exponentially with temperature, by a factor e every
 * {@value #VISCOSITY_SCALE_K} K, which scales the force the extruder needs to push a given flow.
 *
 * @param label            the name slicers and operators use
 * @param windowLowC       low end of the recommended nozzle window, °C
 * @param windowHighC      high end of the recommended nozzle window, °C
 * @param nominalC         the usual print temperature, °C
 * @param meltCapacityMm3s the safe maximum volumetric flow of a common hotend at {@code nominalC}, mm³/s
 * @param noFlowC          the temperature at which the melt capacity reaches zero, °C
 * @param coolingFan       the part-cooling fan fraction the material prints with (0 … 1)
 */
public record Material(String label, double windowLowC, double windowHighC, double nominalC,
                       double meltCapacityMm3s, double noFlowC, double coolingFan) {

    /** The highest multiple of the nominal melt capacity that a hotter nozzle reaches. */
    public static final double MAX_CAPACITY_GAIN = 1.3;
    /** Temperature change over which melt viscosity changes by a factor e, K. */
    public static final double VISCOSITY_SCALE_K = 25;

    /** PLA: 190–220 °C, 11.5 mm³/s safe melt capacity at 210 °C, fan on. */
    public static final Material PLA = new Material("PLA", 190, 220, 210, 11.5, 160, 1.0);
    /** PETG: 220–250 °C, the ~8 mm³/s that PETG profiles use at 240 °C, half fan. */
    public static final Material PETG = new Material("PETG", 220, 250, 240, 8.0, 195, 0.5);
    /** ABS (and ASA): 220–260 °C, 11 mm³/s at 245 °C, fan off. */
    public static final Material ABS = new Material("ABS", 220, 260, 245, 11.0, 200, 0.0);
    /** TPU: about 210–250 °C, a soft filament that is printed slowly (3.5 mm³/s at 225 °C). */
    public static final Material TPU = new Material("TPU", 210, 250, 225, 3.5, 185, 0.5);

    /**
     * @throws IllegalArgumentException when the temperatures are not ordered noFlow &lt; low ≤ nominal ≤ high, the
     *                                  capacity is not positive or the fan fraction is outside 0 … 1
     */
    public Material {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("material label must not be blank");
        }
        if (!(noFlowC < windowLowC && windowLowC <= nominalC && nominalC <= windowHighC)) {
            throw new IllegalArgumentException("material " + label + " needs noFlow < low <= nominal <= high: "
                    + noFlowC + ", " + windowLowC + ", " + nominalC + ", " + windowHighC);
        }
        Checks.requirePositive("meltCapacityMm3s", meltCapacityMm3s);
        if (!(coolingFan >= 0 && coolingFan <= 1)) {
            throw new IllegalArgumentException("coolingFan must be in 0 … 1: " + coolingFan);
        }
    }

    /** The materials this package knows, by label. */
    public static Material of(String label) {
        for (Material m : new Material[] {PLA, PETG, ABS, TPU}) {
            if (m.label.equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown material '" + label + "'; known: PLA, PETG, ABS, TPU");
    }

    /** True when a nozzle temperature lies inside the recommended window. */
    public boolean inWindow(double nozzleC) {
        return nozzleC >= windowLowC && nozzleC <= windowHighC;
    }

    /** The volumetric flow the hotend can melt at this nozzle temperature, mm³/s, ≥ 0. */
    public double meltCapacityAt(double nozzleC) {
        double fraction = (nozzleC - noFlowC) / (nominalC - noFlowC);
        return meltCapacityMm3s * Math.max(0, Math.min(MAX_CAPACITY_GAIN, fraction));
    }

    /**
     * Melt viscosity relative to the nominal temperature's, {@code exp((nominal − T) / scale)}; the temperature is
     * taken at no less than {@link #noFlowC()}, where the material no longer flows anyway.
     */
    public double relativeViscosityAt(double nozzleC) {
        return Math.exp((nominalC - Math.max(noFlowC, nozzleC)) / VISCOSITY_SCALE_K);
    }
}
