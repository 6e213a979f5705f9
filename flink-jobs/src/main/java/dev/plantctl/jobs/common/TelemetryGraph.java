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
 * {@link PipelineHealthProbe}, all written by one {@code InfluxSink}.
 *
 * <p><b>Control first, telemetry second.</b> The decision stream feeds both the setpoint sink and this branch, and
 * in Flink an operator with two consumers waits whenever either consumer's input buffers are full. This branch is
 * built so that it never makes the decision path wait or fail:
 * <ul>
 *   <li>The mappings to points ({@link ToInfluxPoints}) run chained to the operator whose records they map, cost a
 *       few microseconds per record and never throw: a record the schema refuses is counted and logged, not
 *       failed on.</li>
 *   <li>The sink is never chained (it takes a union, and chaining is disabled besides): it runs as a task of its
 *       own behind a network edge. Its writer only puts each point into a bounded in-memory queue, never waiting (a
 *       full queue drops and counts the point), and a sender thread talks to InfluxDB. The sink's task therefore
 *       always takes its input as fast as it comes, its input buffers never fill, and the decision operator's output
 *       to it never blocks: a slow, refusing or unreachable InfluxDB cannot backpressure the setpoints.</li>
 *   <li>A checkpoint does not wait for InfluxDB, so a stalled server never holds a checkpoint barrier, and no
 *       server problem fails the sink's task: refused points go to the target's dead-letter file, points during an
 *       outage to its disk spill ({@link TelemetryTarget}). A task failure would restart the whole job (one
 *       pipelined region), which is why nothing in this branch is allowed to throw on bad data or a bad server.</li>
 * </ul>
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

    /** Writes the points to the target's InfluxDB, never waiting for it (see the class comment). */
    public static void sink(DataStream<InfluxPoint> points, TelemetryTarget target) {
        points.sinkTo(target.sink()).name("telemetry-influxdb").uid("telemetry-influxdb").disableChaining();
    }

    /** Tells which dead letters report a source outage rather than a refused input. */
    @FunctionalInterface
    public interface GapDetector extends java.io.Serializable {
        /** True when the dead letter reports an outage of its source. */
        boolean isGap(DeadLetter d);
    }
}
