package dev.plantctl.connectors.influx;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One point of InfluxDB's line protocol: a measurement, tags (which make the series), fields and a timestamp.
 * Checked when made, so that what reaches the server parses: a measurement, tag keys and values that are not empty
 * and hold no line break, at least one field, field values that are finite numbers ({@code Double}, {@code Float},
 * {@code Long}, {@code Integer}, {@code Short}, {@code Byte}), {@code Boolean} or {@code String}. The telemetry
 * schema (which measurements and tags plantctl writes) is not this type's business.
 *
 * @param measurement the measurement
 * @param tags        tag keys to values, sorted by key (InfluxDB's preferred order); a copy, not to be changed
 * @param fields      field keys to values; a copy, not to be changed
 * @param time        the timestamp, written in nanoseconds
 */
public record InfluxPoint(String measurement, SortedMap<String, String> tags, SortedMap<String, Object> fields,
                          Instant time) {

    public InfluxPoint {
        requireName("measurement", measurement);
        Objects.requireNonNull(time, "time");
        // Plain TreeMap copies (no unmodifiable wrappers): Flink's Kryo fallback rebuilds maps by calling put.
        tags = new TreeMap<>(Objects.requireNonNull(tags, "tags"));
        fields = new TreeMap<>(Objects.requireNonNull(fields, "fields"));
        tags.forEach((k, v) -> {
            requireName("tag key", k);
            requireName("value of tag " + k, v);
        });
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("point of " + measurement + " at " + time + " has no field");
        }
        fields.forEach((k, v) -> {
            requireName("field key", k);
            if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
                throw new IllegalArgumentException("field " + k + " of " + measurement + " is not finite: " + v);
            }
            if (!(v instanceof Number || v instanceof Boolean || v instanceof String)
                    || v instanceof Number && !(v instanceof Double || v instanceof Float || v instanceof Long
                    || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
                throw new IllegalArgumentException("field " + k + " of " + measurement + " has a value of type "
                        + (v == null ? "null" : v.getClass().getSimpleName())
                        + "; a field holds a number, a Boolean or a String");
            }
        });
    }

    /** A point with one field. */
    public static InfluxPoint of(String measurement, Map<String, String> tags, String field, Object value,
                                 Instant time) {
        return new InfluxPoint(measurement, new TreeMap<>(tags), new TreeMap<>(Map.of(field, value)), time);
    }

    /** The series key: the measurement and its tags, as in line protocol. */
    public String seriesKey() {
        StringBuilder b = new StringBuilder();
        escape(b, measurement, true);
        tags.forEach((k, v) -> {
            b.append(',');
            escape(b, k, false);
            b.append('=');
            escape(b, v, false);
        });
        return b.toString();
    }

    /** The point as one line of line protocol, without the line break, timestamp in nanoseconds. */
    public String toLineProtocol() {
        StringBuilder b = new StringBuilder(seriesKey()).append(' ');
        boolean first = true;
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            escape(b, f.getKey(), false);
            b.append('=');
            Object v = f.getValue();
            if (v instanceof Double || v instanceof Float) {
                b.append(((Number) v).doubleValue());
            } else if (v instanceof Number n) {
                b.append(n.longValue()).append('i');
            } else if (v instanceof Boolean bool) {
                b.append(bool);
            } else {
                b.append('"').append(((String) v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        long nanos = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
        return b.append(' ').append(nanos).toString();
    }

    private static void escape(StringBuilder b, String s, boolean measurement) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == ' ' || (!measurement && c == '=')) {
                b.append('\\');
            }
            b.append(c);
        }
    }

    private static void requireName(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("point: " + what + " is empty");
        }
        if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("point: " + what + " '" + s + "' holds a line break");
        }
        if (s.endsWith("\\")) {
            throw new IllegalArgumentException("point: " + what + " '" + s + "' ends with a backslash");
        }
    }
}
