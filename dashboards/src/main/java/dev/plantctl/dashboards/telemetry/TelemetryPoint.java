package dev.plantctl.dashboards.telemetry;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One point of the telemetry schema, checked against its {@link Measurement} when made: every tag of the
 * measurement present with a value that is not blank, no other tag, at least one field, and each field one the
 * measurement declares, of its type. So nothing reaches InfluxDB that the dashboards do not know about.
 *
 * @param measurement what it measures
 * @param tags        tag keys to values, sorted; plain copies (Flink's Kryo fallback rebuilds maps with put)
 * @param fields      field keys to values ({@code Double}, {@code Long}, {@code Boolean}, {@code String}), sorted
 * @param time        the plant's event time of the point
 */
public record TelemetryPoint(Measurement measurement, TreeMap<String, String> tags, TreeMap<String, Object> fields,
                             Instant time) implements Serializable {

    public TelemetryPoint {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(time, "time");
        tags = new TreeMap<>(tags);
        fields = new TreeMap<>(fields);
        String where = measurement.id() + " at " + time;
        if (!tags.keySet().equals(new java.util.TreeSet<>(measurement.tags()))) {
            throw new IllegalArgumentException(where + ": tags " + tags.keySet() + " are not the schema's "
                    + measurement.tags());
        }
        tags.forEach((k, v) -> {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(where + ": tag " + k + " is empty");
            }
        });
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(where + ": no field");
        }
        fields.forEach((k, v) -> {
            FieldType type = measurement.fields().get(k);
            if (type == null) {
                throw new IllegalArgumentException(where + ": field " + k + " is not in the schema "
                        + measurement.fields().keySet());
            }
            if (!type.accepts(v)) {
                throw new IllegalArgumentException(where + ": field " + k + " must be a finite " + type + ", got "
                        + v);
            }
        });
    }

    /** A point from tags and fields given as maps. */
    public static TelemetryPoint of(Measurement measurement, Map<String, String> tags, Map<String, Object> fields,
                                    Instant time) {
        return new TelemetryPoint(measurement, new TreeMap<>(tags), new TreeMap<>(fields), time);
    }
}
