package dev.plantctl.jobs.greenhouse;

import dev.plantctl.controllers.greenhouse.GreenhouseController;
import dev.plantctl.controllers.greenhouse.GreenhouseSetpoints;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.models.greenhouse.Controls;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by compartment: asks the controller for a decision on each observation, remembering the setpoints
 * of the last decision (the safety shield's rate limits start from them). Counts decisions in the
 * accumulator {@value #DECISIONS}.
 */
public final class DecideGreenhouseSetpoints extends KeyedProcessFunction<String, Observation, Decision> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name: decisions taken. */
    public static final String DECISIONS = "decisions";

    private final GreenhouseControllerFactory factory;
    private transient GreenhouseController controller;
    private transient ValueState<Controls> previous;
    private transient LongCounter decisions;

    public DecideGreenhouseSetpoints(GreenhouseControllerFactory factory) {
        this.factory = factory;
    }

    @Override
    public void open(OpenContext openContext) {
        controller = factory.create();
        previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous-controls", Controls.class));
        decisions = getRuntimeContext().getLongCounter(DECISIONS);
    }

    @Override
    public void processElement(Observation observation, Context ctx, Collector<Decision> out) throws Exception {
        Controls last = previous.value();
        Decision decision = controller.decide(observation, last == null ? Controls.OFF : last);
        previous.update(GreenhouseSetpoints.controls(decision));
        decisions.add(1);
        out.collect(decision);
    }
}
