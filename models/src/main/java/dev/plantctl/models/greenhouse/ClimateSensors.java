package dev.plantctl.models.greenhouse;

/**
 * What sensors read from the model's states, and back: CO₂ in ppm (by volume) and relative humidity in %, from
 * the concentrations in kg m⁻³ at a given air temperature, at standard pressure.
 *
 * <pre>
 * CO2_ppm  = 1e6 · R·(T + 273.15)·X_c / (P · M_CO2)
 * RH_%     = min(100, 100 · R·(T + 273.15)·X_h / (M_w · p_sat(T)))
 * p_sat(T) = 610.78 · exp(17.2694·T / (T + 238.3))  Pa
 * </pre>
 *
 * All methods throw {@link IllegalArgumentException} for arguments that are not finite, and for negative
 * amounts where the method says so.
 */
public final class ClimateSensors {

    /** Universal gas constant, J mol⁻¹ K⁻¹. */
    public static final double GAS_CONSTANT = 8.3144598;
    /** Air pressure assumed by the sensors, Pa. */
    public static final double PRESSURE_PA = 101325;
    /** Molar mass of CO₂, kg mol⁻¹. */
    public static final double MOLAR_MASS_CO2 = 44.01e-3;
    /** Molar mass of water, kg mol⁻¹. */
    public static final double MOLAR_MASS_WATER = 18.01528e-3;

    private static final double KELVIN_OFFSET = 273.15;

    private ClimateSensors() {
    }

    /**
     * CO₂ concentration as a sensor reads it.
     *
     * @param co2KgM3 CO₂ concentration, kg m⁻³
     * @param tempC   air temperature, °C
     * @return the volume fraction in ppm
     */
    public static double co2Ppm(double co2KgM3, double tempC) {
        Checks.requireFinite("co2", co2KgM3);
        return 1e6 * GAS_CONSTANT * kelvin(tempC) * co2KgM3 / (PRESSURE_PA * MOLAR_MASS_CO2);
    }

    /**
     * The inverse of {@link #co2Ppm}.
     *
     * @param ppm   CO₂ volume fraction, ppm, ≥ 0
     * @param tempC air temperature, °C
     * @return the concentration in kg m⁻³
     */
    public static double co2KgM3(double ppm, double tempC) {
        requireNonNegative("co2 ppm", ppm);
        return ppm * 1e-6 * PRESSURE_PA * MOLAR_MASS_CO2 / (GAS_CONSTANT * kelvin(tempC));
    }

    /**
     * Relative humidity as a sensor reads it: supersaturated air reads 100 %.
     *
     * @param humKgM3 absolute humidity, kg m⁻³
     * @param tempC   air temperature, °C
     * @return the relative humidity in %, at most 100
     */
    public static double relativeHumidity(double humKgM3, double tempC) {
        Checks.requireFinite("humidity", humKgM3);
        double rh = 100 * GAS_CONSTANT * kelvin(tempC) * humKgM3 / (MOLAR_MASS_WATER * saturationPressure(tempC));
        return Math.min(100, rh);
    }

    /**
     * The inverse of {@link #relativeHumidity} below saturation. The input is not capped: values above 100 %
     * give the corresponding supersaturated humidity.
     *
     * @param rhPercent relative humidity, %, ≥ 0 (normally 0 … 100)
     * @param tempC     air temperature, °C
     * @return the absolute humidity in kg m⁻³
     */
    public static double absoluteHumidity(double rhPercent, double tempC) {
        requireNonNegative("relative humidity", rhPercent);
        return rhPercent / 100 * MOLAR_MASS_WATER * saturationPressure(tempC) / (GAS_CONSTANT * kelvin(tempC));
    }

    /** Saturation vapour pressure over water p_sat(T), Pa (Tetens' formula). */
    public static double saturationPressure(double tempC) {
        Checks.requireFinite("temperature", tempC);
        return 610.78 * Math.exp(17.2694 * tempC / (tempC + 238.3));
    }

    private static double kelvin(double tempC) {
        Checks.requireFinite("temperature", tempC);
        if (tempC <= -KELVIN_OFFSET) {
            throw new IllegalArgumentException("temperature below absolute zero: " + tempC + " degC");
        }
        return tempC + KELVIN_OFFSET;
    }

    private static void requireNonNegative(String name, double value) {
        Checks.requireFinite(name, value);
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
    }
}
