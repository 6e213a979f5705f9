package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SeasonLedger;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Runs a greenhouse controller through a season on the van Henten model, in plain Java and in lockstep, so that
 * tests and benchmarks score controllers without a stream engine.
 *
 * <p>Each control step: the weather at the step's start is read and held over the step; an {@link Observation}
 * of compartment {@code c1} is built from {@link GreenhouseSignals#sensorValues} (every tag fresh, age 0); the
 * controller decides with the controls applied in the previous step ({@link Controls#OFF} at the start); the
 * model advances by RK4 sub-steps of at most {@value #MAX_RK4_STEP_SECONDS} s; the step is accounted by
 * {@link GreenhouseEconomics} into a {@link SeasonLedger}. The season starts from
 * {@link ClimateState#benchmarkInitial()}. Deterministic for a deterministic controller and weather.
 */
public final class GreenhouseSeason {

    /** The longest RK4 step, s: the benchmark's integration step. */
    public static final int MAX_RK4_STEP_SECONDS = 900;

    private final ComfortBand band;
    private final EconomicPrices prices;
    private final Instant start;

    /**
     * @param band   the comfort band for penalties and the in-band fraction
     * @param prices prices and penalty rates
     * @param start  the season's first control instant
     */
    public GreenhouseSeason(ComfortBand band, EconomicPrices prices, Instant start) {
        this.band = Objects.requireNonNull(band, "band");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.start = Objects.requireNonNull(start, "start");
    }

    /** The benchmark season: benchmark band and prices, starting at {@link SyntheticWeather#SEASON_START}. */
    public static GreenhouseSeason benchmark() {
        return new GreenhouseSeason(ComfortBand.benchmark(), EconomicPrices.benchmark(), SyntheticWeather.SEASON_START);
    }

    /**
     * Runs a season.
     *
     * @param controller the controller, or null for all actuators off throughout
     * @param weather    the weather outside
     * @param params     the model's coefficients
     * @param days       the season's length in days, ≥ 1
     * @param step       the control step; it must divide a day
     * @return the ledger and the share of steps with the temperature in the band
     * @throws IllegalArgumentException when days or step are invalid
     */
    public SeasonResult run(GreenhouseController controller, WeatherSource weather, GreenhouseParameters params,
                            int days, Duration step) {
        return run(controller, weather, params, 0, 0, days, step);
    }

    /**
     * Runs a season under parameter uncertainty: before every control step the plant's coefficients are redrawn
     * as {@link GreenhouseParameters#perturbed} of {@code params} with half-width δ (the robustness studies of this
     * model). δ = 0 is the nominal plant.
     *
     * @param delta the relative half-width δ, in [0, 1)
     * @param seed  seed of the draws
     * @throws IllegalArgumentException when days, step or δ are invalid
     */
    public SeasonResult run(GreenhouseController controller, WeatherSource weather, GreenhouseParameters params,
                            double delta, long seed, int days, Duration step) {
        Objects.requireNonNull(weather, "weather");
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("perturbation delta must lie in [0, 1): " + delta);
        }
        SplittableRandom draws = new SplittableRandom(seed);
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1: " + days);
        }
        if (step.isNegative() || step.isZero() || Duration.ofDays(1).toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("step must be positive and divide a day: " + step);
        }
        VanHentenModel model = new VanHentenModel(params);
        GreenhouseEconomics economics = new GreenhouseEconomics(prices, band);
        SeasonLedger ledger = new SeasonLedger();
        double stepSeconds = step.toMillis() / 1000.0;
        int subSteps = (int) Math.ceil(stepSeconds / MAX_RK4_STEP_SECONDS);
        double dt = stepSeconds / subSteps;
        long steps = Duration.ofDays(days).toMillis() / step.toMillis();
        String unit = GreenhouseSignals.compartmentId(1);

        ClimateState state = ClimateState.benchmarkInitial();
        Controls applied = Controls.OFF;
        for (long k = 0; k < steps; k++) {
            Instant time = start.plus(step.multipliedBy(k));
            Weather w = weather.at(time);
            if (controller != null) {
                applied = GreenhouseSetpoints.controls(controller.decide(observation(unit, time, state, w), applied));
            }
            ClimateState before = state;
            if (delta > 0) {
                model = new VanHentenModel(params.perturbed(draws, delta));
            }
            for (int s = 0; s < subSteps; s++) {
                state = model.step(state, applied, w, dt);
            }
            ledger.add(economics.account(before, state, applied, w.isDaytime(), stepSeconds), stepSeconds);
        }
        String name = controller == null ? "all-off" : controller.name() + "/" + controller.version();
        return new SeasonResult(name, ledger);
    }

    private static Observation observation(String unit, Instant time, ClimateState state, Weather weather) {
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(state, weather)
                .forEach((tag, value) -> values.put(tag, new TagValue(value, 0, false, Quality.GOOD)));
        return new Observation(GreenhouseSignals.PLANT, unit, time, values);
    }
}
