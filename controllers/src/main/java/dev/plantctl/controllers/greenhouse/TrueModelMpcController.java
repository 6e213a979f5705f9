package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.PolicyActions;
import dev.plantctl.ml.rl.CrossEntropyPlanner;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.VanHentenModel;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The upper reference of the greenhouse benchmarks: model-predictive control with the true van Henten model
 * (nominal coefficients) and a perfect weather forecast, by the cross-entropy method over action sequences.
 *
 * <p>Each decision plans {@code horizon} steps ahead: {@code iterations} rounds of {@code samples} action
 * sequences in the policy's action space ({@link PolicyActions}: each step moves each actuator by at most 10 % of
 * its range), drawn from a Gaussian per step and actuator that starts at the previous plan shifted by one step
 * (σ 0.5) and is refitted to the best {@value CrossEntropyPlanner#ELITE_FRACTION} of the samples by their return
 * ({@link CrossEntropyPlanner}), the benchmark's
 * reward summed over the horizon ({@link GreenhouseEconomics}). The first controls of the best plan pass the
 * {@link GreenhouseSafetyShield}. Deterministic for a seed and a sequence of calls; it keeps its last plan
 * between calls (a warm start, not a state the decision depends on for safety), so one instance serves one
 * compartment. Needs the stream's observations fresh; on stale input it returns the rule-based decision.
 */
public final class TrueModelMpcController implements GreenhouseController {

    /** The controller's name. */
    public static final String NAME = "mpc-true-model";

    private final VanHentenModel model;
    private final WeatherSource forecast;
    private final GreenhouseEconomics economics;
    private final GreenhouseSafetyShield shield;
    private final RuleBasedGrowerController rules;
    private final Duration controlPeriod;
    private final int horizon;
    private final int samples;
    private final int iterations;
    private final CrossEntropyPlanner planner;

    /**
     * @param params     the model's coefficients (the nominal plant)
     * @param forecast   the weather the plant will see (a perfect forecast)
     * @param band       the comfort band of the reward
     * @param prices     prices and penalties of the reward
     * @param horizon    planning steps, ≥ 1
     * @param samples    sequences per round, ≥ 10
     * @param iterations rounds, ≥ 1
     * @param seed       seed of the sampling
     */
    public TrueModelMpcController(GreenhouseParameters params, WeatherSource forecast, ComfortBand band,
                                  EconomicPrices prices, Duration controlPeriod, int horizon, int samples,
                                  int iterations, long seed) {
        if (horizon < 1 || samples < 10 || iterations < 1) {
            throw new IllegalArgumentException("MPC needs horizon >= 1, samples >= 10, iterations >= 1: " + horizon
                    + ", " + samples + ", " + iterations);
        }
        this.model = new VanHentenModel(params);
        this.forecast = Objects.requireNonNull(forecast, "forecast");
        this.economics = new GreenhouseEconomics(prices, band);
        this.shield = new GreenhouseSafetyShield(band);
        this.rules = new RuleBasedGrowerController(controlPeriod, band, shield);
        this.controlPeriod = controlPeriod;
        this.horizon = horizon;
        this.samples = samples;
        this.iterations = iterations;
        this.planner = new CrossEntropyPlanner(horizon, 3, samples, iterations, seed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "cem-h" + horizon + "-n" + samples + "-i" + iterations;
    }

    @Override
    public Decision decide(Observation observation, Controls previous) {
        var input = GreenhouseDynamics.input(observation, previous);
        if (input.isEmpty()) {
            return rules.decide(observation, previous);
        }
        double[] x = input.get();
        ClimateState state = GreenhouseDynamics.climateState(Arrays.copyOf(x, 4));
        Weather[] weather = new Weather[horizon];
        Instant t = observation.time();
        for (int h = 0; h < horizon; h++) {
            weather[h] = forecast.at(t.plus(controlPeriod.multipliedBy(h)));
        }
        CrossEntropyPlanner.Plan best = planner.plan(sequences -> {
            double[] returns = new double[sequences.length];
            for (int n = 0; n < sequences.length; n++) {
                returns[n] = rollout(state, previous, sequences[n], weather);
            }
            return returns;
        });
        double bestReturn = best.predictedReturn();
        Controls request = PolicyActions.controls(best.first(), previous);
        ShieldedControls shielded = shield.apply(request, previous, observation);
        Controls applied = shielded.applied();
        String summary = "MPC on the true model: best of " + samples * iterations + " plans over "
                + horizon + " steps, predicted return " + Words.num(bestReturn, 4) + " €/m²: heating "
                + Actuator.HEATING.format(applied.heating()) + ", ventilation "
                + Actuator.VENTILATION.format(applied.ventilation()) + ", CO₂ "
                + Actuator.CO2_SUPPLY.format(applied.co2Supply()) + ".";
        Explanation explanation = new Explanation(observation.time(), observation.plant(), observation.unitId(),
                NAME, NAME + "/" + version(), GreenhouseSetpoints.byActuator(applied),
                List.of(new Factor("predicted_return_eur_m2", bestReturn, "the best plan's return over the horizon")),
                0, shielded.interventions(), summary, List.of());
        return new Decision(observation.plant(), observation.unitId(), observation.time(),
                GreenhouseSetpoints.setpoints(observation, applied, controlPeriod), explanation);
    }

    private double rollout(ClimateState start, Controls previous, double[][] actions, Weather[] weather) {
        double dt = controlPeriod.toSeconds();
        ClimateState s = start;
        Controls u = previous;
        double total = 0;
        for (int h = 0; h < actions.length; h++) {
            u = PolicyActions.controls(actions[h], u);
            ClimateState next = model.step(s, u, weather[h], dt);
            total += economics.account(s, next, u, weather[h].isDaytime(), dt).reward();
            s = next;
        }
        return total;
    }
}
