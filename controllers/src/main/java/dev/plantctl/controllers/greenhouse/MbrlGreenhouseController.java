package dev.plantctl.controllers.greenhouse;

import ai.onnxruntime.OrtException;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.ml.greenhouse.EnsemblePlanner;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.greenhouse.PolicyActions;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.ml.rl.SampleDropout;
import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.EconomicPrices;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The learned greenhouse controller: a policy trained by model-based RL ({@link MbrlBundle}) and its dynamics
 * ensemble, both run by ONNX Runtime, behind the {@link GreenhouseSafetyShield}, with the
 * {@link RuleBasedGrowerController} as the fallback.
 *
 * <p>Each decision:
 * <ol>
 *   <li>When a sensor the policy reads ({@link GreenhouseDynamics#SENSORS}) is stale or missing, the decision is
 *       the rule-based controller's, and the explanation says which input was stale (uncertainty 1).</li>
 *   <li>Otherwise one ONNX run of the policy on the observation ({@link PolicyActions#observation}: the dynamics
 *       model's inputs and the time of day) and 22 finite-difference neighbours (each of the ten model inputs moved
 *       by ±½ of its scale in {@link PolicyActions#FEATURES}, the time of day by ±30 min) gives the action
 *       {@code tanh(μ)}, turned into
 *       rate-limited, bounded controls by {@link PolicyActions#controls} — or, for a residual policy
 *       ({@link MbrlBundle#residualTo}), by {@link PolicyActions#residual} as a correction of the rule-based
 *       controller's request — and each input's attribution: the change of the action per scale of the input,
 *       summed over the actuators.</li>
 *   <li>One ONNX run of the ensemble predicts the next state under the chosen and under the rule-based controls;
 *       the members' disagreement under the chosen controls is the uncertainty ({@link MbrlBundle#uncertainty}).
 *       At or above {@value MbrlBundle#FALLBACK_UNCERTAINTY} the decision is the rule-based controller's, and
 *       the explanation says so with the uncertainty.</li>
 *   <li>The chosen controls pass the shield; the explanation lists the three inputs with the largest attribution,
 *       the predicted air temperature, CO₂ and humidity under both actions, the uncertainty, every shield
 *       intervention and the bundle's id, and one sentence; for a residual policy also its correction of each
 *       actuator against the rule-based request.</li>
 * </ol>
 * Stateless between calls, like every {@link GreenhouseController}; the sessions are not thread-safe to close
 * while deciding. {@link #close()} frees the ONNX sessions.
 */
public final class MbrlGreenhouseController implements GreenhouseController, AutoCloseable {

    /** The controller's name in explanations. */
    public static final String NAME = "mbrl";
    /** The factor name by which a fallback is flagged (value 1). */
    public static final String FALLBACK_FACTOR = "fallback";
    /** How many attribution factors an explanation lists. */
    public static final int TOP_FACTORS = 3;

    private static final String[] INPUT_TAGS = {GreenhouseSignals.CROP_DRY_WEIGHT, GreenhouseSignals.CO2,
            GreenhouseSignals.AIR_TEMPERATURE, GreenhouseSignals.RELATIVE_HUMIDITY, "previous_" + GreenhouseSignals.CO2_SUPPLY,
            "previous_" + GreenhouseSignals.VENTILATION, "previous_" + GreenhouseSignals.HEATING,
            GreenhouseSignals.RADIATION, GreenhouseSignals.OUTSIDE_TEMPERATURE,
            GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY, "time_of_day"};
    /** Index of the time of day among the attributions (after the dynamics model's ten inputs). */
    private static final int TIME_OF_DAY = 10;
    /** How far the time of day is moved either way for its attribution. */
    private static final Duration TIME_STEP = Duration.ofMinutes(30);
    private static final Actuator[] ACTION_ORDER = {Actuator.CO2_SUPPLY, Actuator.VENTILATION, Actuator.HEATING};

    private final MbrlBundle bundle;
    private final OnnxEnsemble policy;
    private final OnnxEnsemble dynamics;
    private final double[] outputStd;
    private final RuleBasedGrowerController rules;
    private final GreenhouseSafetyShield shield;
    private final Duration controlPeriod;
    private final boolean residual;
    private final EnsemblePlanner planner;
    private final WeatherSource forecast;

    /**
     * Opens the bundle's ONNX sessions (one intra-op thread each).
     *
     * @param bundle        a policy bundle; one without an ensemble (a model-free policy, as the benchmarks run it)
     *                      has no uncertainty gate and no forecasts, and reports uncertainty 0
     * @param rules         the fallback
     * @param shield        the shield every request passes
     * @param controlPeriod how long a decision holds
     * @throws OrtException             when ONNX Runtime cannot load a model
     * @throws IllegalArgumentException when the bundle is a residual policy of a controller other than
     *                                  {@code rules}
     */
    public MbrlGreenhouseController(MbrlBundle bundle, RuleBasedGrowerController rules, GreenhouseSafetyShield shield,
                                    Duration controlPeriod) throws OrtException {
        this(bundle, rules, shield, controlPeriod, null);
    }

    /**
     * Opens the bundle's ONNX sessions (one intra-op thread each), with a weather forecast for a planning
     * controller.
     *
     * @param forecast the weather a planning controller ({@link MbrlBundle#planning()}) plans with; null to hold
     *                 the weather now over the horizon (persistence); ignored by policy networks
     * @see #MbrlGreenhouseController(MbrlBundle, RuleBasedGrowerController, GreenhouseSafetyShield, Duration)
     */
    public MbrlGreenhouseController(MbrlBundle bundle, RuleBasedGrowerController rules, GreenhouseSafetyShield shield,
                                    Duration controlPeriod, WeatherSource forecast) throws OrtException {
        this.forecast = forecast;
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.shield = Objects.requireNonNull(shield, "shield");
        this.controlPeriod = Objects.requireNonNull(controlPeriod, "controlPeriod");
        String ruleName = rules.name() + "/" + rules.version();
        Optional<String> prior = bundle.residualTo();
        if (prior.isPresent() && !prior.get().equals(ruleName)) {
            throw new IllegalArgumentException("policy " + bundle.id() + " corrects " + prior.get()
                    + ", but the rule-based controller here is " + ruleName);
        }
        this.residual = prior.isPresent();
        boolean modelBased = bundle.dynamicsOnnx() != null;
        this.outputStd = modelBased ? bundle.dynamicsOutputStd() : null;
        this.policy = bundle.policyOnnx() == null ? null : OnnxEnsemble.load(bundle.policyOnnx(), 1);
        try {
            this.dynamics = modelBased ? OnnxEnsemble.load(bundle.dynamicsOnnx(), 1) : null;
        } catch (OrtException | RuntimeException e) {
            if (policy != null) {
                policy.close();
            }
            throw e;
        }
        this.planner = bundle.planning().map(settings -> new EnsemblePlanner(dynamics::predict,
                dynamics.members(), new SampleDropout(bundle.sampleDropoutAlpha(), 0),
                new GreenhouseEconomics(EconomicPrices.benchmark(), rules.band()), settings)).orElse(null);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return bundle.id();
    }

    @Override
    public Decision decide(Observation observation, Controls previous) {
        Objects.requireNonNull(observation, "observation");
        Objects.requireNonNull(previous, "previous");
        Decision rule = rules.decide(observation, previous);
        var input = GreenhouseDynamics.input(observation, previous);
        if (input.isEmpty()) {
            List<String> stale = observation.staleOrMissing(GreenhouseDynamics.SENSORS);
            return fallback(rule, String.join(", ", stale) + (stale.size() == 1 ? " is" : " are")
                    + " stale or missing", 1);
        }
        double[] x = input.get();
        try {
            Controls ruleControls = GreenhouseSetpoints.controls(rule);
            if (planner != null) {
                return planned(observation, previous, x, rule, ruleControls);
            }
            Policy p = policy(x, observation.time(), previous, ruleControls);
            EnsemblePrediction next = dynamics == null ? null : dynamics.predict(new double[][] {
                    dynamicsInput(x, p.controls()), dynamicsInput(x, ruleControls)});
            double uncertainty = next == null ? 0 : bundle.uncertainty(MbrlBundle.disagreement(next, 0, outputStd));
            if (uncertainty >= MbrlBundle.FALLBACK_UNCERTAINTY) {
                return fallback(rule, "the dynamics ensemble's uncertainty " + Words.num(uncertainty, 2)
                        + " is at or above " + Words.num(MbrlBundle.FALLBACK_UNCERTAINTY, 2), uncertainty);
            }
            ShieldedControls shielded = shield.apply(p.controls(), previous, observation);
            Controls applied = shielded.applied();
            List<Factor> factors = new ArrayList<>(topFactors(observation, previous, p.attribution()));
            String correction = "";
            if (residual) {
                factors.addAll(corrections(p.controls(), ruleControls));
                correction = "; correction to the rule-based request: "
                        + describeCorrection(p.controls(), ruleControls);
            }
            String expected = "";
            if (next != null) {
                factors.addAll(forecast(x, next));
                expected = "; expected " + Words.num(predictedTemperature(x, next, 0), 1) + " °C in "
                        + controlPeriod.toMinutes() + " min (rule-based: "
                        + Words.num(predictedTemperature(x, next, 1), 1) + " °C)";
            }
            return decision(observation, shielded, factors, uncertainty, "Learned policy " + bundle.id()
                    + " (uncertainty " + Words.num(uncertainty, 2) + "): " + describe(applied) + ", mainly because of "
                    + factors.get(0).name().replace('_', ' ') + correction + expected);
        } catch (OrtException e) {
            return fallback(rule, "ONNX Runtime failed: " + e.getMessage(), 1);
        }
    }

    /**
     * A planning controller's decision: the pessimistic plan on the ensemble, gated by the ensemble's disagreement
     * about its first step, explained by what makes the plan better than the rule-based request.
     */
    private Decision planned(Observation observation, Controls previous, double[] x, Decision rule,
                             Controls ruleControls) throws OrtException {
        double[][] weather = planner.horizonWeather(x, observation.time(), forecast);
        EnsemblePlanner.Plan plan = planner.plan(x, weather);
        EnsemblePrediction next = dynamics.predict(new double[][] {dynamicsInput(x, plan.controls()),
                dynamicsInput(x, ruleControls)});
        double uncertainty = bundle.uncertainty(MbrlBundle.disagreement(next, 0, outputStd));
        if (uncertainty >= MbrlBundle.FALLBACK_UNCERTAINTY) {
            return fallback(rule, "the dynamics ensemble's uncertainty " + Words.num(uncertainty, 2)
                    + " is at or above " + Words.num(MbrlBundle.FALLBACK_UNCERTAINTY, 2), uncertainty);
        }
        double[] attribution = planner.attribution(x, weather, plan, ruleControls);
        ShieldedControls shielded = shield.apply(plan.controls(), previous, observation);
        Controls applied = shielded.applied();
        List<Factor> factors = new ArrayList<>(IntStream.range(0, attribution.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -attribution[j]).thenComparing(j -> j))
                .limit(TOP_FACTORS)
                .map(j -> new Factor(INPUT_TAGS[j], inputValue(observation, previous, j), "attribution "
                        + Words.num(attribution[j], 4) + " €/m²: moving it by one scale ("
                        + Words.num(PolicyActions.FEATURES.std(j), j == 1 || j == 3 || j == 9 ? 4 : 2)
                        + " in model units) moves the plan's expected advantage over the rule-based controls by"
                        + " that much"))
                .toList());
        factors.add(new Factor("plan_return_eur_m2", plan.predictedReturn(), "the plan's pessimistic return over "
                + planner.settings().horizon() * controlPeriod.toMinutes() + " min on the learned ensemble ("
                + (forecast == null ? "weather now held over the horizon" : "weather forecast") + ")"));
        factors.addAll(corrections(plan.controls(), ruleControls));
        factors.addAll(forecast(x, next));
        return decision(observation, shielded, factors, uncertainty, "Robust plan on the learned ensemble "
                + bundle.id() + " (uncertainty " + Words.num(uncertainty, 2) + "): " + describe(applied)
                + ", mainly because of " + factors.get(0).name().replace('_', ' ')
                + "; correction to the rule-based request: " + describeCorrection(plan.controls(), ruleControls)
                + "; expected " + Words.num(predictedTemperature(x, next, 0), 1) + " °C in "
                + controlPeriod.toMinutes() + " min (rule-based: " + Words.num(predictedTemperature(x, next, 1), 1)
                + " °C)");
    }

    /** The decision of shielded controls with its explanation; the summary gets the shield's clause and a stop. */
    private Decision decision(Observation observation, ShieldedControls shielded, List<Factor> factors,
                              double uncertainty, String summary) {
        Controls applied = shielded.applied();
        Explanation explanation = new Explanation(observation.time(), observation.plant(), observation.unitId(),
                NAME, bundle.id(), GreenhouseSetpoints.byActuator(applied), factors, uncertainty,
                shielded.interventions(), summary + (shielded.interventions().isEmpty() ? ""
                        : "; the safety shield changed " + shielded.interventions().size() + " request(s)") + ".",
                List.of());
        return new Decision(observation.plant(), observation.unitId(), observation.time(),
                GreenhouseSetpoints.setpoints(observation, applied, controlPeriod), explanation);
    }

    /**
     * The policy's controls for the dynamics model's inputs at a control instant and the attribution of each of
     * those inputs and of the time of day (last), from one ONNX run.
     *
     * @param x            the dynamics model's ten inputs, the previous controls in the action's place
     * @param time         the control instant
     * @param ruleControls the rule-based request a residual policy corrects (unused by other policies)
     */
    Policy policy(double[] x, Instant time, Controls previous, Controls ruleControls) throws OrtException {
        int d = x.length;
        double[][] rows = new double[1 + 2 * (d + 1)][];
        rows[0] = PolicyActions.observation(x, time);
        for (int j = 0; j < d; j++) {
            double h = 0.5 * PolicyActions.FEATURES.std(j);
            rows[1 + 2 * j] = rows[0].clone();
            rows[1 + 2 * j][j] += h;
            rows[2 + 2 * j] = rows[0].clone();
            rows[2 + 2 * j][j] -= h;
        }
        rows[1 + 2 * d] = PolicyActions.observation(x, time.plus(TIME_STEP));
        rows[2 + 2 * d] = PolicyActions.observation(x, time.minus(TIME_STEP));
        EnsemblePrediction out = policy.predict(rows);
        double[] action = action(out, 0);
        double[] attribution = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            double[] up = action(out, 1 + 2 * j);
            double[] down = action(out, 2 + 2 * j);
            for (int i = 0; i < action.length; i++) {
                attribution[j] += Math.abs(up[i] - down[i]);
            }
        }
        Controls controls = residual ? PolicyActions.residual(action, ruleControls, previous)
                : PolicyActions.controls(action, previous);
        return new Policy(controls, action, attribution);
    }

    private static double[] action(EnsemblePrediction out, int row) {
        double[] a = new double[out.outputs()];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.tanh(out.mean(0, row, i));
        }
        return a;
    }

    private static double[] dynamicsInput(double[] x, Controls controls) {
        double[] in = x.clone();
        System.arraycopy(GreenhouseDynamics.action(controls), 0, in, 4, 3);
        return in;
    }

    private static double predictedTemperature(double[] x, EnsemblePrediction next, int row) {
        return x[GreenhouseDynamics.TEMPERATURE] + next.ensembleMean(row, GreenhouseDynamics.TEMPERATURE);
    }

    private static List<Factor> topFactors(Observation observation, Controls previous, double[] attribution) {
        return IntStream.range(0, attribution.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -attribution[j]).thenComparing(j -> j))
                .limit(TOP_FACTORS)
                .map(j -> new Factor(INPUT_TAGS[j], inputValue(observation, previous, j),
                        "attribution " + Words.num(attribution[j], 3) + (j == TIME_OF_DAY
                                ? ": moving the time of day by " + TIME_STEP.toMinutes() + " min either way"
                                : ": moving it by one scale (" + Words.num(PolicyActions.FEATURES.std(j),
                                        j == 1 || j == 3 || j == 9 ? 4 : 2) + " in model units)")
                                + " changes the policy's actions by that much in sum"))
                .toList();
    }

    private static double inputValue(Observation observation, Controls previous, int j) {
        return switch (j) {
            case 4 -> previous.co2Supply();
            case 5 -> previous.ventilation();
            case 6 -> previous.heating();
            case TIME_OF_DAY -> PolicyActions.timeOfDay(observation.time());
            default -> observation.fresh(INPUT_TAGS[j]).orElse(Double.NaN);
        };
    }

    private static List<Factor> forecast(double[] x, EnsemblePrediction next) {
        List<Factor> out = new ArrayList<>();
        double[][] state = new double[2][4];
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < 4; j++) {
                state[row][j] = x[j] + next.ensembleMean(row, j);
            }
        }
        double t0 = state[0][GreenhouseDynamics.TEMPERATURE];
        double t1 = state[1][GreenhouseDynamics.TEMPERATURE];
        out.add(new Factor("predicted_" + GreenhouseSignals.AIR_TEMPERATURE, t0, "next step " + Words.num(t0, 1)
                + " °C under the chosen action, " + Words.num(t1, 1) + " °C under the rule-based action"));
        double c0 = ClimateSensors.co2Ppm(Math.max(0, state[0][GreenhouseDynamics.CO2]), t0);
        double c1 = ClimateSensors.co2Ppm(Math.max(0, state[1][GreenhouseDynamics.CO2]), t1);
        out.add(new Factor("predicted_" + GreenhouseSignals.CO2, c0, "next step " + Words.num(c0, 0)
                + " ppm under the chosen action, " + Words.num(c1, 0) + " ppm under the rule-based action"));
        double h0 = ClimateSensors.relativeHumidity(Math.max(0, state[0][GreenhouseDynamics.HUMIDITY]), t0);
        double h1 = ClimateSensors.relativeHumidity(Math.max(0, state[1][GreenhouseDynamics.HUMIDITY]), t1);
        out.add(new Factor("predicted_" + GreenhouseSignals.RELATIVE_HUMIDITY, h0, "next step " + Words.num(h0, 1)
                + " % RH under the chosen action, " + Words.num(h1, 1) + " % RH under the rule-based action"));
        return out;
    }

    private Decision fallback(Decision rule, String why, double uncertainty) {
        Explanation r = rule.explanation();
        List<Factor> factors = new ArrayList<>();
        factors.add(new Factor(FALLBACK_FACTOR, 1, "rule-based fallback because " + why));
        factors.addAll(r.factors());
        Explanation explanation = new Explanation(r.time(), r.plant(), r.unitId(), NAME,
                bundle.id() + "+" + r.modelVersion(), r.setpoints(), factors, Math.max(uncertainty, r.uncertainty()),
                r.safety(), "Rule-based fallback because " + why + ". " + r.summary(), r.citations());
        return new Decision(rule.plant(), rule.unitId(), rule.time(), rule.setpoints(), explanation);
    }

    /** One factor per actuator: the residual policy's request minus the rule-based request. */
    private static List<Factor> corrections(Controls requested, Controls ruleControls) {
        List<Factor> out = new ArrayList<>();
        for (Actuator a : ACTION_ORDER) {
            double c = a.of(requested) - a.of(ruleControls);
            out.add(new Factor("correction_" + a.tag, c, "the policy requests " + a.format(a.of(requested))
                    + " where the rule-based controller requests " + a.format(a.of(ruleControls))));
        }
        return out;
    }

    private static String describeCorrection(Controls requested, Controls ruleControls) {
        List<String> parts = new ArrayList<>();
        for (Actuator a : ACTION_ORDER) {
            double c = a.of(requested) - a.of(ruleControls);
            parts.add(a.tag.replace('_', ' ') + " " + (c >= 0 ? "+" : "−") + a.format(Math.abs(c)));
        }
        return String.join(", ", parts);
    }

    private static String describe(Controls applied) {
        List<String> parts = new ArrayList<>();
        for (Actuator a : ACTION_ORDER) {
            parts.add(a.tag.replace('_', ' ') + " " + a.format(a.of(applied)));
        }
        return String.join(", ", parts);
    }

    @Override
    public void close() throws OrtException {
        try {
            if (policy != null) {
                policy.close();
            }
        } finally {
            if (dynamics != null) {
                dynamics.close();
            }
        }
    }

    /**
     * The policy's answer.
     *
     * @param controls    the controls it asks for (bounded and rate-limited, before the shield; for a residual
     *                    policy the rule-based request plus its correction)
     * @param action      its action a ∈ (−1, 1)³ in {@link GreenhouseDynamics#ACTION} order
     * @param attribution the attribution of each of the dynamics model's ten inputs, in their order, then of the
     *                    time of day
     */
    record Policy(Controls controls, double[] action, double[] attribution) {
    }
}
