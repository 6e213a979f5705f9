package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Reading;
import dev.plantctl.dashboards.telemetry.Telemetry;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/**
 * The telemetry part of a job graph, the same for every plant: readings, decisions (with setpoints, explanations
 * and shield interventions) and dead letters as points of the telemetry schema, the job's health sampled by a
 * {@link PipelineHealthProbe}, all written by one {@code InfluxSink} (at-least-once, flushed on checkpoints).
 */
public final class TelemetryGraph {

    private TelemetryGraph() {
    }

    /** Readings as {@code reading} points. */
    public static DataStream<InfluxPoint> readings(DataStream<Reading> readings) {
        return readings.flatMap(new ToInfluxPoints<Reading>(r -> List.of(Telemetry.reading(r))))
                .name("telemetry-readings").uid("telemetry-readings");
    }

    /** Decisions as {@code decision}, {@code setpoint}, {@code explanation} and {@code shield_intervention} points. */
    public static DataStream<InfluxPoint> decisions(DataStream<Decision> decisions) {
        return decisions.flatMap(new ToInfluxPoints<Decision>(Telemetry::decision))
                .name("telemetry-decisions").uid("telemetry-decisions");
    }

    /**
     * Dead letters as {@code dead_letter} points, and the job's health as {@code pipeline_health} points.
     *
     * @param gaps which dead letters report a source outage (one reconnection each distinct resume time)
     */
    public static DataStream<InfluxPoint> deadLettersAndHealth(String plant, String job, DataStream<Reading> readings,
                                                               DataStream<DeadLetter> deadLetters,
                                                               GapDetector gaps, TelemetryTarget target) {
        DataStream<InfluxPoint> refused = deadLetters
                .flatMap(new ToInfluxPoints<DeadLetter>(d -> List.of(Telemetry.deadLetter(plant, d))))
                .name("telemetry-dead-letters").uid("telemetry-dead-letters");
        DataStream<PipelineEvent> events = readings.map((MapFunction<Reading, PipelineEvent>) PipelineEvent::of)
                .name("health-readings").uid("health-readings")
                .union(deadLetters.map((MapFunction<DeadLetter, PipelineEvent>) d -> PipelineEvent.of(plant, d,
                        gaps.isGap(d))).name("health-dead-letters").uid("health-dead-letters"));
        DataStream<InfluxPoint> health = events.keyBy(PipelineEvent::plant)
                .process(new PipelineHealthProbe(job, target.healthInterval()))
                .name("pipeline-health").uid("pipeline-health");
        return refused.union(health);
    }

    /** Writes the points to the target's InfluxDB. */
    public static void sink(DataStream<InfluxPoint> points, TelemetryTarget target) {
        points.sinkTo(target.sink()).name("telemetry-influxdb").uid("telemetry-influxdb");
    }

    /** Tells which dead letters report a source outage rather than a refused input. */
    @FunctionalInterface
    public interface GapDetector extends java.io.Serializable {
        /** True when the dead letter reports an outage of its source. */
        boolean isGap(DeadLetter d);
    }
}
