package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.List;

/**
 * Maps a stream's records to the telemetry points they make ({@code dev.plantctl.dashboards.telemetry.Telemetry})
 * and those to InfluxDB points.
 *
 * <p>It runs chained to the operator whose records it maps (the controller, for decisions), so it must never fail
 * that operator's task: a record the schema refuses (a non-finite value, a tag out of the schema) makes no point;
 * it is counted in the {@code telemetryRecordsUnmapped} metric and logged with the reason (the first, then every
 * 1,000th), and the record itself goes on to its other consumers untouched.
 *
 * @param <T> the records
 */
public final class ToInfluxPoints<T> extends RichFlatMapFunction<T, InfluxPoint> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ToInfluxPoints.class);

    /** The telemetry points of one record; serializable, as it ships with the job. */
    @FunctionalInterface
    public interface Mapping<T> extends Serializable {
        /** The points of this record, possibly none. */
        List<TelemetryPoint> points(T record);
    }

    private final Mapping<T> mapping;
    private transient Counter unmapped;

    /** Maps with the given mapping. */
    public ToInfluxPoints(Mapping<T> mapping) {
        this.mapping = mapping;
    }

    @Override
    public void open(OpenContext openContext) {
        unmapped = getRuntimeContext().getMetricGroup().counter("telemetryRecordsUnmapped");
    }

    @Override
    public void flatMap(T record, Collector<InfluxPoint> out) {
        List<InfluxPoint> points;
        try {
            points = mapping.points(record).stream().map(ToInfluxPoints::influx).toList();
        } catch (RuntimeException e) {
            unmapped.inc();
            if (unmapped.getCount() % 1_000 == 1) {
                LOG.warn("telemetry: no point for a record ({} so far), the record goes on without telemetry: {}; "
                        + "record: {}", unmapped.getCount(), e.getMessage(), record);
            }
            return;
        }
        points.forEach(out::collect);
    }

    /** One telemetry point as an InfluxDB point. */
    public static InfluxPoint influx(TelemetryPoint p) {
        return new InfluxPoint(p.measurement().id(), p.tags(), p.fields(), p.time());
    }
}
