package dev.plantctl.jobs.common;

import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.dashboards.telemetry.TelemetryPoint;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.io.Serializable;
import java.util.List;

/**
 * Maps a stream's records to the telemetry points they make ({@code dev.plantctl.dashboards.telemetry.Telemetry})
 * and those to InfluxDB points.
 *
 * @param <T> the records
 */
public final class ToInfluxPoints<T> implements FlatMapFunction<T, InfluxPoint> {

    private static final long serialVersionUID = 1L;

    /** The telemetry points of one record; serializable, as it ships with the job. */
    @FunctionalInterface
    public interface Mapping<T> extends Serializable {
        /** The points of this record, possibly none. */
        List<TelemetryPoint> points(T record);
    }

    private final Mapping<T> mapping;

    /** Maps with the given mapping. */
    public ToInfluxPoints(Mapping<T> mapping) {
        this.mapping = mapping;
    }

    @Override
    public void flatMap(T record, Collector<InfluxPoint> out) {
        for (TelemetryPoint p : mapping.points(record)) {
            out.collect(influx(p));
        }
    }

    /** One telemetry point as an InfluxDB point. */
    public static InfluxPoint influx(TelemetryPoint p) {
        return new InfluxPoint(p.measurement().id(), p.tags(), p.fields(), p.time());
    }
}
