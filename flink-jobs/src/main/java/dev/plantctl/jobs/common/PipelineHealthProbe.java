package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.dashboards.telemetry.Telemetry;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * Keyed by plant: samples the job's health every {@code interval} of wall time, as a {@code pipeline_health} point
 * stamped with the newest event time seen (so it lines up with the plant's other telemetry, also when a simulator
 * runs faster than real time): readings per second of wall time since the last sample, the event-time lag of the
 * watermark behind the newest reading, source reconnections, wall time since the last completed checkpoint, and
 * the dead letters and readings so far. Counts start with the task: a restored job counts again from zero.
 * No sample is taken before the first event, nor after the input ended.
 */
public final class PipelineHealthProbe extends KeyedProcessFunction<String, PipelineEvent, InfluxPoint>
        implements CheckpointListener {

    private static final long serialVersionUID = 1L;

    private final String job;
    private final Duration interval;
    private transient long readings;
    private transient long readingsAtLastSample;
    private transient long deadLetters;
    private transient long reconnects;
    private transient Instant lastReconnect;
    private transient Instant newest;
    private transient long lastSampleNanos;
    private transient long lastCheckpointNanos;
    private transient boolean timerSet;

    /**
     * @param job      the job's name, the {@code job} tag
     * @param interval wall time between two samples
     */
    public PipelineHealthProbe(String job, Duration interval) {
        this.job = job;
        this.interval = interval;
    }

    @Override
    public void open(OpenContext openContext) {
        lastSampleNanos = System.nanoTime();
        lastCheckpointNanos = -1;
    }

    @Override
    public void processElement(PipelineEvent e, Context ctx, Collector<InfluxPoint> out) {
        switch (e.kind()) {
            case READING -> readings++;
            case DEAD_LETTER -> deadLetters++;
            case GAP -> {
                deadLetters++;
                if (!e.gapResumedAt().equals(lastReconnect)) {
                    reconnects++;
                    lastReconnect = e.gapResumedAt();
                }
            }
        }
        if (newest == null || e.eventTime().isAfter(newest)) {
            newest = e.eventTime();
        }
        if (!timerSet) {
            timerSet = true;
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime()
                    + interval.toMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<InfluxPoint> out) {
        if (newest == null) {
            // a timer restored from a checkpoint, before this (restarted) task saw an event: the counters are not
            // state and start again at zero; end this timer chain, the next event starts a new one
            timerSet = false;
            return;
        }
        long now = System.nanoTime();
        double seconds = Math.max(now - lastSampleNanos, 1) / 1e9;
        long watermark = ctx.timerService().currentWatermark();
        Double lag = watermark == Long.MIN_VALUE ? null
                : Math.max(0, newest.toEpochMilli() - watermark) / 1000.0;
        Double checkpointAge = lastCheckpointNanos < 0 ? null : (now - lastCheckpointNanos) / 1e9;
        out.collect(ToInfluxPoints.influx(Telemetry.pipelineHealth(ctx.getCurrentKey(), job, newest,
                (readings - readingsAtLastSample) / seconds, lag, reconnects, checkpointAge, deadLetters, readings)));
        readingsAtLastSample = readings;
        lastSampleNanos = now;
        ctx.timerService().registerProcessingTimeTimer(timestamp + interval.toMillis());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        lastCheckpointNanos = System.nanoTime();
    }
}
