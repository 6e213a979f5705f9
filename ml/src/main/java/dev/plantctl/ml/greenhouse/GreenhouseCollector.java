package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.data.Transition;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Collects greenhouse transitions from van Henten's model in process, under a behaviour policy with exploration
 * noise, in the lockstep of the simulator: every {@link GreenhouseDynamics#STEP} the policy sees the true state
 * and the weather, noise is added to its request, the request is bounded to each actuator's range, and the model
 * advances one RK4 step with that weather held over the step (as {@code GreenhouseSimulation} does).
 *
 * <p><b>Exploration noise.</b> Per compartment and actuator an AR(1) process with correlation
 * {@value #NOISE_CORRELATION} per step and unit variance, scaled by {@code noise} times the actuator's range:
 * enough to visit states the policy alone would avoid (cold nights without heating, CO₂ dosing with open vents)
 * while the policy keeps the climate in a plausible region.
 *
 * <p><b>Compartments</b> are independent episodes under one sky: compartment {@code c1} starts from the
 * benchmark's initial state, the others from it with temperature, CO₂ and humidity moved at random (±3 °C,
 * ±30 %, ±20 %), and each has its own noise. Deterministic for a seed.
 */
public final class GreenhouseCollector {

    /** Correlation of the exploration noise from one step to the next. */
    public static final double NOISE_CORRELATION = 0.5;

    private final Builder b;

    private GreenhouseCollector(Builder b) {
        this.b = b;
    }

    /** A builder: 1 compartment, benchmark parameters, 15 % noise, from {@link SyntheticWeather#SEASON_START}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the simulation and returns its transitions, compartment by compartment, in time order. */
    public TransitionSet collect() {
        VanHentenModel model = new VanHentenModel(b.parameters);
        double dt = GreenhouseDynamics.STEP.toSeconds();
        long steps = b.duration.dividedBy(GreenhouseDynamics.STEP);
        double[] range = {Controls.CO2_SUPPLY_MAX, Controls.VENTILATION_MAX, Controls.HEATING_MAX};
        SplittableRandom root = new SplittableRandom(b.seed);
        List<Transition> out = new ArrayList<>();
        double innovation = Math.sqrt(1 - NOISE_CORRELATION * NOISE_CORRELATION);
        for (int c = 1; c <= b.compartments; c++) {
            SplittableRandom rng = root.split();
            String unit = GreenhouseSignals.compartmentId(c);
            ClimateState state = c == 1 ? ClimateState.benchmarkInitial() : perturbedInitial(rng);
            Controls applied = Controls.OFF;
            double[] noise = new double[3];
            for (long k = 0; k < steps; k++) {
                Instant time = b.start.plus(GreenhouseDynamics.STEP.multipliedBy(k));
                Weather w = b.weather.at(time);
                double[] u = GreenhouseDynamics.action(b.behaviour.act(time, state, w, applied));
                for (int j = 0; j < 3; j++) {
                    noise[j] = NOISE_CORRELATION * noise[j] + innovation * rng.nextGaussian();
                    u[j] = Math.min(range[j], Math.max(0, u[j] + b.noise * range[j] * noise[j]));
                }
                applied = new Controls(u[0], u[1], u[2]);
                ClimateState next = model.step(state, applied, w, dt);
                out.add(GreenhouseDynamics.transition(unit, time, state, applied, w, next));
                state = next;
            }
        }
        String source = "simulator van-henten leak=" + b.parameters.cLeak() + "; weather " + b.weatherDescription
                + "; behaviour " + b.behaviourName + " + AR(1) noise " + b.noise + " of range; " + b.compartments
                + " compartment(s) x " + b.duration.toHours() + " h from " + b.start + "; seed " + b.seed;
        return new TransitionSet(GreenhouseDynamics.SCHEMA, out, source);
    }

    private static ClimateState perturbedInitial(SplittableRandom rng) {
        ClimateState s = ClimateState.benchmarkInitial();
        return new ClimateState(s.dryWeight(), s.co2() * (1 + 0.3 * (2 * rng.nextDouble() - 1)),
                s.temperature() + 3 * (2 * rng.nextDouble() - 1), s.humidity() * (1 + 0.2 * (2 * rng.nextDouble() - 1)));
    }

    /** Options of a {@link GreenhouseCollector}; each setter checks its argument. */
    public static final class Builder {

        private WeatherSource weather = new SyntheticWeather(1);
        private String weatherDescription = "synthetic seed=1";
        private Instant start = SyntheticWeather.SEASON_START;
        private Duration duration = Duration.ofDays(1);
        private int compartments = 1;
        private GreenhouseBehaviour behaviour = (t, s, w, previous) -> Controls.OFF;
        private String behaviourName = "all-off";
        private double noise = 0.15;
        private long seed = 1;
        private GreenhouseParameters parameters = GreenhouseParameters.benchmark();

        private Builder() {
        }

        /** Synthetic weather of the given seed. */
        public Builder syntheticWeather(long weatherSeed) {
            return weather(new SyntheticWeather(weatherSeed), "synthetic seed=" + weatherSeed);
        }

        /** Any weather, with a description for the data's provenance. */
        public Builder weather(WeatherSource weather, String description) {
            this.weather = Objects.requireNonNull(weather, "weather");
            this.weatherDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The first control instant. */
        public Builder start(Instant start) {
            this.start = Objects.requireNonNull(start, "start");
            return this;
        }

        /** How long each compartment is simulated: a positive whole number of control periods. */
        public Builder duration(Duration duration) {
            Objects.requireNonNull(duration, "duration");
            if (duration.compareTo(GreenhouseDynamics.STEP) < 0
                    || duration.toNanos() % GreenhouseDynamics.STEP.toNanos() != 0) {
                throw new IllegalArgumentException("collection duration must be a positive multiple of "
                        + GreenhouseDynamics.STEP + ": " + duration);
            }
            this.duration = duration;
            return this;
        }

        /** Independent compartments (episodes), ≥ 1. */
        public Builder compartments(int compartments) {
            if (compartments < 1) {
                throw new IllegalArgumentException("collection compartments must be >= 1: " + compartments);
            }
            this.compartments = compartments;
            return this;
        }

        /** The behaviour policy and its name for the data's provenance. */
        public Builder behaviour(GreenhouseBehaviour behaviour, String name) {
            this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
            this.behaviourName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Exploration noise, as a fraction of each actuator's range, in [0, 1]. */
        public Builder noise(double noise) {
            if (!(noise >= 0 && noise <= 1)) {
                throw new IllegalArgumentException("exploration noise must lie in [0, 1]: " + noise);
            }
            this.noise = noise;
            return this;
        }

        /** The seed of the noise and the initial states. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The model's coefficients. */
        public Builder parameters(GreenhouseParameters parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /** The collector. */
        public GreenhouseCollector build() {
            return new GreenhouseCollector(this);
        }
    }
}
