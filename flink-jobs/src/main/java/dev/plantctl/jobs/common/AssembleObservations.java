package dev.plantctl.jobs.common;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.ObservationAssembler;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Keyed by plant unit: keeps the latest reading of each tag and emits one observation per control instant.
 * An instant's observation leaves as soon as every tag has reported for it (a plant sampling on the control
 * grid, or a lockstep simulator waiting for the decision); otherwise, when the watermark passes the instant
 * plus the grace period, with whatever is there and the stale tags flagged. Never twice for one instant.
 */
public final class AssembleObservations extends KeyedProcessFunction<String, Reading, Observation> {

    private static final long serialVersionUID = 1L;

    private final ObservationAssembler assembler;
    private final long graceMillis;
    private transient MapState<String, Reading> latest;
    private transient ValueState<Long> lastEmitted;

    /**
     * @param assembler the assembly rules
     * @param grace     how long after a control instant, in event time, to wait for late tags
     */
    public AssembleObservations(ObservationAssembler assembler, Duration grace) {
        this.assembler = assembler;
        this.graceMillis = grace.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        latest = getRuntimeContext().getMapState(new MapStateDescriptor<>("latest", String.class, Reading.class));
        lastEmitted = getRuntimeContext().getState(new ValueStateDescriptor<>("last-emitted", Long.class));
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Observation> out) throws Exception {
        Reading previous = latest.get(reading.tag());
        if (previous == null || !reading.eventTime().isBefore(previous.eventTime())) {
            latest.put(reading.tag(), reading);
        }
        Instant instant = assembler.instantAtOrAfter(reading.eventTime());
        if (alreadyEmitted(instant)) {
            return;
        }
        Map<String, Reading> snapshot = snapshot();
        if (assembler.isComplete(reading.unitId(), instant, snapshot)) {
            emit(reading.plant(), reading.unitId(), instant, snapshot, out);
        } else {
            ctx.timerService().registerEventTimeTimer(instant.toEpochMilli() + graceMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Observation> out) throws Exception {
        Instant instant = Instant.ofEpochMilli(timestamp - graceMillis);
        if (alreadyEmitted(instant)) {
            return;
        }
        Map<String, Reading> snapshot = snapshot();
        if (!snapshot.isEmpty()) {
            Reading any = snapshot.values().iterator().next();
            emit(any.plant(), ctx.getCurrentKey(), instant, snapshot, out);
        }
    }

    private boolean alreadyEmitted(Instant instant) throws Exception {
        Long last = lastEmitted.value();
        return last != null && instant.toEpochMilli() <= last;
    }

    private Map<String, Reading> snapshot() throws Exception {
        Map<String, Reading> map = new HashMap<>();
        for (Map.Entry<String, Reading> e : latest.entries()) {
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    private void emit(String plant, String unitId, Instant instant, Map<String, Reading> snapshot,
                      Collector<Observation> out) throws Exception {
        lastEmitted.update(instant.toEpochMilli());
        out.collect(assembler.assemble(plant, unitId, instant, snapshot));
    }
}
