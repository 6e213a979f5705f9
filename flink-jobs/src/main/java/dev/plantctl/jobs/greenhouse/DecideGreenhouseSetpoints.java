package dev.plantctl.jobs.greenhouse;

import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSetpoints;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.dashboards.telemetry.Telemetry;
import dev.plantctl.jobs.common.ToInfluxPoints;
import dev.plantctl.ml.greenhouse.GreenhouseForecaster;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.models.greenhouse.Controls;
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

/**
 * Keyed by compartment: asks the controller for a decision on each observation, remembering the setpoints
 * of the last decision (the safety shield's rate limits start from them). Counts decisions in the
 * accumulator {@value #DECISIONS}.
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

    /** Side output: one {@code model_health} point per decision. */
    public static final OutputTag<InfluxPoint> MODEL_HEALTH = new OutputTag<>("model-health") { };

    private static final Logger LOG = LoggerFactory.getLogger(DecideGreenhouseSetpoints.class);

    private final GreenhouseControllerFactory factory;
    private final DynamicsServing dynamics;
    private transient GreenhouseController controller;
    private transient ValueState<Controls> previous;
    private transient LongCounter decisions;
    private transient GreenhouseForecaster forecaster;
    private transient LongCounter reloads;
    private transient LongCounter refusals;
    private transient long lastLook;

    /** Decisions by the controller alone. */
    public DecideGreenhouseSetpoints(GreenhouseControllerFactory factory) {
        this(factory, null);
    }

    /**
     * Decisions by the controller, annotated with the dynamics ensemble's forecast.
     *
     * @param dynamics where the ensemble's versions are; null for none
     */
    public DecideGreenhouseSetpoints(GreenhouseControllerFactory factory, DynamicsServing dynamics) {
        this.factory = factory;
        this.dynamics = dynamics;
    }

    @Override
    public void open(OpenContext openContext) {
        controller = factory.create();
        previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous-controls", Controls.class));
        decisions = getRuntimeContext().getLongCounter(DECISIONS);
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
        Controls last = previous.value();
        long start = System.nanoTime();
        Decision decision = controller.decide(observation, last == null ? Controls.OFF : last);
        Controls decided = GreenhouseSetpoints.controls(decision);
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
