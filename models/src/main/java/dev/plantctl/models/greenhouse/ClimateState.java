package dev.plantctl.models.greenhouse;

/**
 * The state of van Henten's model for one compartment, in the model's SI units. Also used for the state's time
 * derivative (same components per second), which is why negative values are allowed here.
 *
 * <p>Physical bounds, applied by {@link #clampToPhysicalBounds()} after every integration step:
 * <ul>
 *   <li>dry weight ≥ 0 kg m⁻², CO₂ ≥ 0 kg m⁻³ and absolute humidity ≥ 0 kg m⁻³: amounts of matter;</li>
 *   <li>temperature within [{@value #TEMPERATURE_MIN_C}, {@value #TEMPERATURE_MAX_C}] °C: far beyond any
 *       greenhouse, and keeps the saturation-vapour formula of the model away from its poles at −239 °C
 *       and −273.15 °C, so that a diverging controller cannot turn the state into NaN.</li>
 * </ul>
 * No upper bound is put on CO₂, humidity or dry weight: ventilation and leakage bound them in the model.
 *
 * @param dryWeight   crop dry weight X_d, kg m⁻²
 * @param co2         indoor CO₂ concentration X_c, kg m⁻³
 * @param temperature indoor air temperature X_T, °C
 * @param humidity    indoor absolute humidity X_h, kg m⁻³
 */
public record ClimateState(double dryWeight, double co2, double temperature, double humidity) {

    /** Lowest air temperature the state is clamped to, °C. */
    public static final double TEMPERATURE_MIN_C = -50;
    /** Highest air temperature the state is clamped to, °C. */
    public static final double TEMPERATURE_MAX_C = 80;

    /** @throws IllegalArgumentException when a component is NaN or infinite, naming it */
    public ClimateState {
        Checks.requireFinite("climate state dryWeight", dryWeight);
        Checks.requireFinite("climate state co2", co2);
        Checks.requireFinite("climate state temperature", temperature);
        Checks.requireFinite("climate state humidity", humidity);
    }

    /** The initial state of the benchmark season: [0.0035 kg m⁻², 0.001 kg m⁻³, 15 °C, 0.008 kg m⁻³]. */
    public static ClimateState benchmarkInitial() {
        return new ClimateState(0.0035, 0.001, 15, 0.008);
    }

    /** This state with every component moved to the nearest value inside the physical bounds above. */
    public ClimateState clampToPhysicalBounds() {
        return new ClimateState(Math.max(0, dryWeight), Math.max(0, co2),
                Math.min(TEMPERATURE_MAX_C, Math.max(TEMPERATURE_MIN_C, temperature)), Math.max(0, humidity));
    }
}
