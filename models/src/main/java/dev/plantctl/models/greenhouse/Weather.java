package dev.plantctl.models.greenhouse;

/**
 * The weather outside a greenhouse at one instant, in the units of van Henten's model.
 *
 * @param radiation   global radiation V_I, W m⁻², ≥ 0
 * @param co2         outdoor CO₂ concentration V_c, kg m⁻³, ≥ 0
 * @param temperature outdoor temperature V_T, °C
 * @param humidity    outdoor absolute humidity V_h, kg m⁻³, ≥ 0
 */
public record Weather(double radiation, double co2, double temperature, double humidity) {

    /** @throws IllegalArgumentException when a component is not finite or an amount is negative, naming it */
    public Weather {
        Checks.requireFinite("weather radiation", radiation);
        Checks.requireFinite("weather co2", co2);
        Checks.requireFinite("weather temperature", temperature);
        Checks.requireFinite("weather humidity", humidity);
        if (radiation < 0 || co2 < 0 || humidity < 0) {
            throw new IllegalArgumentException("weather radiation, co2 and humidity must be >= 0: radiation="
                    + radiation + ", co2=" + co2 + ", humidity=" + humidity);
        }
    }

    /** True when the sun shines: radiation above 0. The comfort band has day and night variants. */
    public boolean isDaytime() {
        return radiation > 0;
    }
}
