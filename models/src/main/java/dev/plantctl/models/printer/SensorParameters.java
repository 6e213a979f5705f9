package dev.plantctl.models.printer;

/**
 * Noise and lag of the sensors a printer farm has. Each reading is the true quantity passed through a first-order
 * lag (where one is given) plus zero-mean Gaussian noise; the thermistor's own lag is part of
 * {@link HotendParameters}.
 *
 * @param temperatureNoiseC   hotend temperature reading, σ, °C
 * @param powerNoiseW         heater power meter, σ, W
 * @param powerLagS           heater power meter's averaging time, s
 * @param loadNoise           extruder motor load (0 … 1, from the stepper driver), σ
 * @param loadLagS            motor load filter time, s
 * @param filamentNoise       filament motion sensor, σ as a fraction of the reading
 * @param filamentLagS        filament motion sensor's window, s
 * @param widthNoiseMm        per-layer line width measurement (nozzle camera), σ, mm
 * @param heightNoiseMm       per-layer line height measurement (laser profiler), σ, mm
 */
public record SensorParameters(double temperatureNoiseC, double powerNoiseW, double powerLagS, double loadNoise,
                               double loadLagS, double filamentNoise, double filamentLagS, double widthNoiseMm,
                               double heightNoiseMm) {

    /** σ 0.15 °C; 0.2 W over 1 s; load 0.02 over 0.5 s; filament 2 % over 0.5 s; width 8 µm; height 5 µm. */
    public static final SensorParameters DEFAULTS =
            new SensorParameters(0.15, 0.2, 1.0, 0.02, 0.5, 0.02, 0.5, 0.008, 0.005);

    /** Perfect sensors: no noise, no lag beyond the thermistor's. */
    public static final SensorParameters IDEAL = new SensorParameters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** @throws IllegalArgumentException when a value is negative or not finite, naming it */
    public SensorParameters {
        Checks.requireNonNegative("temperatureNoiseC", temperatureNoiseC);
        Checks.requireNonNegative("powerNoiseW", powerNoiseW);
        Checks.requireNonNegative("powerLagS", powerLagS);
        Checks.requireNonNegative("loadNoise", loadNoise);
        Checks.requireNonNegative("loadLagS", loadLagS);
        Checks.requireNonNegative("filamentNoise", filamentNoise);
        Checks.requireNonNegative("filamentLagS", filamentLagS);
        Checks.requireNonNegative("widthNoiseMm", widthNoiseMm);
        Checks.requireNonNegative("heightNoiseMm", heightNoiseMm);
    }
}
