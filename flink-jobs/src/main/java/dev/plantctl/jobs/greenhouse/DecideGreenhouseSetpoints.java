package dev.plantctl.jobs.greenhouse;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.opcua.RejectedSetpoint;
import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseDecisionGuard;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.jobs.common.ToInfluxPoints;
import dev.plantctl.ml.greenhouse.GreenhouseForecaster;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.policy.IdentityPolicy;
import dev.plantctl.policy.Refusal;
import dev.plantctl.policy.SetpointGate;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by compartment: asks the controller for a decision on each observation, remembering the setpoints
 * of the last decision (the safety shield's rate limits start from them). Counts decisions in the
 * accumulator {@value #DECISIONS}.
 *
 * <p><b>No controller output goes out unchecked.</b> The job, not the controller, applies the safety: a
 * {@link GreenhouseDecisionGuard} refuses a decision that throws (a non-finite model output) or is not for this
 * compartment and instant, lets the rule-based grower decide instead, applies the safety shield to every request
 * and stamps the setpoints itself; then the write policy gate of the job's identity judges them, as the gate in
 * the setpoint sink will again. A setpoint the policy refuses is left out (the plant keeps its last value), named
 * in the explanation's safety list (rule {@code policy:<rule>}), counted in {@value #POLICY_REFUSALS} and emitted
 * on {@link #REFUSED}. The task never fails for what a controller returns. The gate's memory is keyed state.
 *
 * <p><b>Learned dynamics (optional).</b> With a {@link DynamicsServing}, each task serves the latest loadable
 * version of the greenhouse dynamics ensemble from the model registry ({@link GreenhouseForecaster}) and writes
 * its one-step forecast under the decided setpoints into every decision's explanation, whose
 * {@code model_version} then names the model version ({@code rule-based-grower/1.0+greenhouse-dynamics/3}).
 * At the first observation after each {@link DynamicsServing#checkInterval()} the task looks for a newer
 * version and swaps it in between two observations, without a restart and without dropping a decision (the
 * observation that triggers the look waits for the load); a version that fails to load is refused (logged with
 * the file at fault, counted in {@value #MODEL_REFUSALS}) and the last good one stays. Swaps are counted in
 * {@value #MODEL_RELOADS}. The setpoints never depend on the forecast.
 *
 * <p>Each decision's wall time (controller, shield and forecast) and uncertainty leave as a {@code model_health}
 * telemetry point on the side output {@link #MODEL_HEALTH}.
 */
public final class DecideGreenhouseSetpoints extends KeyedProcessFunction<String, Observation, Decision> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name: decisions taken. */
    public static final String DECISIONS = "decisions";
    /** Accumulator name: dynamics model versions swapped in while running. */
    public static final String MODEL_RELOADS = "dynamics-model-reloads";
    /** Accumulator name: dynamics model versions refused. */
    public static final String MODEL_REFUSALS = "dynamics-model-refusals";

    /** Accumulator name: setpoints the write policy refused in the decision operator. */
    public static final String POLICY_REFUSALS = "policy-refusals";

    /** Side output: the setpoints the write policy refused (reason POLICY, endpoint {@code job}). */
    public static final OutputTag<RejectedSetpoint> REFUSED = new OutputTag<>("policy-refused") { };

    /** Side output: one {@code model_health} point per decision. */
    public static final OutputTag<InfluxPoint> MODEL_HEALTH = new OutputTag<>("model-health") { };

    private static final Logger LOG = LoggerFactory.getLogger(DecideGreenhouseSetpoints.class);

    private final GreenhouseControllerFactory factory;
    private final DynamicsServing dynamics;
    private final IdentityPolicy policy;
    private final Duration controlPeriod;
    private transient GreenhouseController controller;
    private transient GreenhouseController fallback;
    private transient GreenhouseDecisionGuard guard;
    private transient ValueState<Controls> previous;
    private transient ValueState<byte[]> gateMemory;
    private transient LongCounter policyRefusals;
    private transient LongCounter decisions;
    private transient GreenhouseForecaster forecaster;
    private transient LongCounter reloads;
    private transient LongCounter refusals;
    private transient long lastLook;

    /**
     * Decisions by the controller, guarded and judged by the write policy, annotated with the dynamics ensemble's
     * forecast when one is served.
     *
     * @param dynamics      where the ensemble's versions are; null for none
     * @param policy        what the job's identity may write
     * @param controlPeriod the control period: setpoints expire one period after their observation
     */
    public DecideGreenhouseSetpoints(GreenhouseControllerFactory factory, DynamicsServing dynamics,
                                     IdentityPolicy policy, Duration controlPeriod) {
        this.factory = factory;
        this.dynamics = dynamics;
        this.policy = policy;
        this.controlPeriod = controlPeriod;
    }

    @Override
    public void open(OpenContext openContext) {
        controller = factory.create();
        GreenhouseSafetyShield shield = new GreenhouseSafetyShield(ComfortBand.benchmark(),
                GreenhouseSafetyShield.DEFAULT_MAX_CHANGE_FRACTION);
        fallback = GreenhouseControlJob.ruleBasedController(controlPeriod).create();
        guard = new GreenhouseDecisionGuard(shield, controlPeriod);
        previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous-controls", Controls.class));
        gateMemory = getRuntimeContext().getState(new ValueStateDescriptor<>("write-policy-gate", byte[].class));
        decisions = getRuntimeContext().getLongCounter(DECISIONS);
        policyRefusals = getRuntimeContext().getLongCounter(POLICY_REFUSALS);
        if (dynamics != null) {
            reloads = getRuntimeContext().getLongCounter(MODEL_RELOADS);
            refusals = getRuntimeContext().getLongCounter(MODEL_REFUSALS);
            forecaster = new GreenhouseForecaster(new ModelRegistry(Path.of(dynamics.registry()),
                    dynamics.trust().keys()), dynamics.threads());
            lookForNewModel();
        }
    }

    @Override
    public void processElement(Observation observation, Context ctx, Collector<Decision> out) throws Exception {
        Controls last = previous.value() == null ? Controls.OFF : previous.value();
        long start = System.nanoTime();
        Decision decision = guard.decide(controller, fallback, observation, last);
        SetpointGate gate = gateMemory.value() == null ? new SetpointGate(policy)
                : SetpointGate.restore(policy, gateMemory.value());
        SetpointGate.Verdict verdict = gate.check(decision, observation.time());
        verdict.accepted().forEach(s -> gate.written(s, verdict));
        gateMemory.update(gate.state());
        if (!verdict.refused().isEmpty()) {
            decision = withoutRefused(decision, verdict, last);
            for (SetpointGate.Refused r : verdict.refused()) {
                policyRefusals.add(1);
                ctx.output(REFUSED, new RejectedSetpoint(r.setpoint(), "job", RejectedSetpoint.Reason.POLICY, 0,
                        r.refusal().rule(), null, 0, r.refusal().reason()));
            }
        }
        Controls decided = sent(decision, last);
        previous.update(decided);
        if (forecaster != null) {
            if (System.nanoTime() - lastLook >= dynamics.checkInterval().toNanos()) {
                lookForNewModel();
            }
            decision = forecaster.annotate(observation, decided, decision);
        }
        decisions.add(1);
        ctx.output(MODEL_HEALTH, ToInfluxPoints.influx(Telemetry.modelHealth(decision,
                (System.nanoTime() - start) / 1e6)));
        out.collect(decision);
    }

    /**
     * The decision without the setpoints the policy refused; each refusal in the explanation's safety list (the
     * plant keeps the previous value) and in its summary.
     */
    private static Decision withoutRefused(Decision d, SetpointGate.Verdict verdict, Controls last) {
        Explanation e = d.explanation();
        List<ShieldIntervention> safety = new ArrayList<>(e.safety());
        Map<String, Double> applied = new HashMap<>(e.setpoints());
        List<String> refusals = new ArrayList<>();
        for (SetpointGate.Refused r : verdict.refused()) {
            Setpoint s = r.setpoint();
            Refusal refusal = r.refusal();
            double kept = value(last, s.actuator());
            safety.add(new ShieldIntervention(s.actuator(), s.value(), kept, "policy:" + refusal.rule(),
                    refusal.reason() + "; not written, the plant keeps its last value"));
            applied.put(s.actuator(), kept);
            refusals.add(s.actuator() + " (" + refusal.rule() + ")");
        }
        Explanation explained = new Explanation(e.time(), e.plant(), e.unitId(), e.controller(), e.modelVersion(),
                applied, e.factors(), e.uncertainty(), safety, e.summary() + " The write policy refused "
                + String.join(", ", refusals) + ".", e.citations());
        return new Decision(d.plant(), d.unitId(), d.time(), verdict.accepted(), explained);
    }

    /** The controls the plant will hold: the decision's setpoints, the last value where it has none. */
    private static Controls sent(Decision d, Controls last) {
        double co2 = last.co2Supply();
        double ventilation = last.ventilation();
        double heating = last.heating();
        for (Setpoint s : d.setpoints()) {
            switch (s.actuator()) {
                case GreenhouseSignals.CO2_SUPPLY -> co2 = s.value();
                case GreenhouseSignals.VENTILATION -> ventilation = s.value();
                case GreenhouseSignals.HEATING -> heating = s.value();
                default -> throw new IllegalStateException("the guard let an unknown actuator through: "
                        + s.actuator());
            }
        }
        return new Controls(co2, ventilation, heating);
    }

    private static double value(Controls c, String actuator) {
        return switch (actuator) {
            case GreenhouseSignals.CO2_SUPPLY -> c.co2Supply();
            case GreenhouseSignals.VENTILATION -> c.ventilation();
            case GreenhouseSignals.HEATING -> c.heating();
            default -> Double.NaN;
        };
    }

    @Override
    public void close() throws Exception {
        if (forecaster != null) {
            forecaster.close();
        }
    }

    private void lookForNewModel() {
        lastLook = System.nanoTime();
        long reloadsBefore = forecaster.reloads();
        long refusalsBefore = forecaster.failures();
        try {
            forecaster.refresh();
        } catch (IOException e) {
            LOG.warn("cannot list the model registry {}, keeping {}: {}", dynamics.registry(),
                    forecaster.model().map(m -> m.id()).orElse("no model"), e.toString());
        }
        reloads.add(forecaster.reloads() - reloadsBefore);
        refusals.add(forecaster.failures() - refusalsBefore);
    }
}
