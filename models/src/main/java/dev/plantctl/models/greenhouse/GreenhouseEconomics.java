package dev.plantctl.models.greenhouse;

import java.util.Objects;

/**
 * Prices one control step of a compartment, as the reward of the RL and MPC benchmarks of van Henten's model:
 * <pre>
 * crop value   = ΔX_d [kg m⁻²] · crop price
 * CO₂ cost     = u_c [mg m⁻² s⁻¹] · Δt [s] · 1e-6 kg/mg · CO₂ price
 * heating cost = u_q [W m⁻²] · Δt [s] / 3.6e6 J/kWh · heat price
 * penalty      = Σ violation · price per unit of violation  (once per step, not scaled by Δt)
 * </pre>
 * The comfort band is checked on the state after the step, with the day or night temperature band as the caller
 * says. Violations are distances to the band (0 inside): °C below or above the temperature band, ppm below or
 * above the CO₂ band, % RH above the humidity limit. Instances are immutable and thread-safe.
 */
public final class GreenhouseEconomics {

    /** Joules in a kilowatt-hour. */
    private static final double J_PER_KWH = 3.6e6;
    private static final double KG_PER_MG = 1e-6;

    private final EconomicPrices prices;
    private final ComfortBand band;

    /** Economics with the given prices and comfort band ({@code benchmark()} of each for the benchmark). */
    public GreenhouseEconomics(EconomicPrices prices, ComfortBand band) {
        this.prices = Objects.requireNonNull(prices, "prices");
        this.band = Objects.requireNonNull(band, "band");
    }

    /** The prices. */
    public EconomicPrices prices() {
        return prices;
    }

    /** The comfort band. */
    public ComfortBand band() {
        return band;
    }

    /**
     * The account of one step.
     *
     * @param before    the state at the start of the step
     * @param after     the state at its end; the comfort band is checked on it
     * @param applied   the controls applied during the step
     * @param daytime   whether the day temperature band applies (e.g. {@link Weather#isDaytime()})
     * @param dtSeconds the length of the step, s, finite and &gt; 0
     * @throws IllegalArgumentException when the step length is not finite and positive, or a control not finite
     */
    public StepAccount account(ClimateState before, ClimateState after, Controls applied, boolean daytime,
                               double dtSeconds) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(applied, "applied");
        Checks.requireStep(dtSeconds);
        Checks.requireFinite("control co2Supply", applied.co2Supply());
        Checks.requireFinite("control heating", applied.heating());
        double cropValue = (after.dryWeight() - before.dryWeight()) * prices.cropEurPerKg();
        double co2Cost = applied.co2Supply() * dtSeconds * KG_PER_MG * prices.co2EurPerKg();
        double heatingCost = applied.heating() * dtSeconds / J_PER_KWH * prices.heatEurPerKWh();

        double temp = after.temperature();
        double tempBelow = Math.max(0, band.tempMin(daytime) - temp);
        double tempAbove = Math.max(0, temp - band.tempMax(daytime));
        double ppm = ClimateSensors.co2Ppm(after.co2(), temp);
        double co2Violation = Math.max(0, band.co2MinPpm() - ppm) + Math.max(0, ppm - band.co2MaxPpm());
        double rhViolation = Math.max(0, ClimateSensors.relativeHumidity(after.humidity(), temp) - band.rhMax());
        double penalty = tempBelow * prices.penaltyEurPerDegCBelow() + tempAbove * prices.penaltyEurPerDegCAbove()
                + co2Violation * prices.penaltyEurPerPpm() + rhViolation * prices.penaltyEurPerPctRh();

        return new StepAccount(cropValue, co2Cost, heatingCost, penalty, tempBelow + tempAbove, co2Violation,
                rhViolation);
    }
}
