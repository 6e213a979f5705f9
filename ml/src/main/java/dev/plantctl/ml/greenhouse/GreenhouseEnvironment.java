package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.StepAccount;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Instant;
import java.util.Objects;

/**
 * The "real" greenhouse of policy training: van Henten's model stepped one {@link GreenhouseDynamics#STEP} at a
 * time (one RK4 step, weather held over the step), seasons from {@link ClimateState#benchmarkInitial()}, each
 * step accounted by {@link GreenhouseEconomics} with the benchmark band and prices. Every call of {@link #step}
 * is one real-environment step and is counted. A season that reaches its length starts again from the
 * beginning. Not thread-safe.
 */
public final class GreenhouseEnvironment {

    private final VanHentenModel model;
    private final WeatherSource weather;
    private final Instant start;
    private final long seasonSteps;
    private final GreenhouseEconomics economics =
            new GreenhouseEconomics(EconomicPrices.benchmark(), ComfortBand.benchmark());
    private ClimateState state;
    private Controls applied;
    private long k;
    private long steps;

    /**
     * @param params  the model's coefficients
     * @param weather the weather outside
     * @param start   the first control instant of each season
     * @param days    the season's length, ≥ 1
     */
    public GreenhouseEnvironment(GreenhouseParameters params, WeatherSource weather, Instant start, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("season days must be >= 1: " + days);
        }
        this.model = new VanHentenModel(params);
        this.weather = Objects.requireNonNull(weather, "weather");
        this.start = Objects.requireNonNull(start, "start");
        this.seasonSteps = days * 96L;
        reset();
    }

    /** Starts the season again (does not reset the step count). */
    public void reset() {
        state = ClimateState.benchmarkInitial();
        applied = Controls.OFF;
        k = 0;
    }

    /** The economics every step is accounted with. */
    public GreenhouseEconomics economics() {
        return economics;
    }

    /** The current control instant. */
    public Instant time() {
        return start.plus(GreenhouseDynamics.STEP.multipliedBy(k));
    }

    /** The weather source. */
    public WeatherSource weather() {
        return weather;
    }

    /** The raw policy observation now ({@link PolicyActions#observation}). */
    public double[] observation() {
        return PolicyActions.observation(GreenhouseDynamics.state(state),
                applied, GreenhouseDynamics.exogenous(weather.at(time())), time());
    }

    /** Real-environment steps taken since construction. */
    public long steps() {
        return steps;
    }

    /**
     * Applies controls for one step.
     *
     * @return what happened, with the state before and after
     */
    public Step step(Controls controls) {
        Instant t = time();
        Weather w = weather.at(t);
        ClimateState before = state;
        state = model.step(state, controls, w, GreenhouseDynamics.STEP.toSeconds());
        applied = controls;
        StepAccount account = economics.account(before, state, controls, w.isDaytime(),
                GreenhouseDynamics.STEP.toSeconds());
        steps++;
        k++;
        boolean seasonEnd = k >= seasonSteps;
        Step out = new Step(t, before, controls, w, state, account, seasonEnd);
        if (seasonEnd) {
            reset();
        }
        return out;
    }

    /**
     * One step of the environment.
     *
     * @param time      its control instant
     * @param before    the state at its start
     * @param controls  the controls applied
     * @param weather   the weather held over it
     * @param after     the state at its end
     * @param account   its money and penalties
     * @param seasonEnd whether the season ended with it (the environment has started the next one)
     */
    public record Step(Instant time, ClimateState before, Controls controls, Weather weather, ClimateState after,
                       StepAccount account, boolean seasonEnd) {
    }
}
