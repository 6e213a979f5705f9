package dev.plantctl.dashboards.telemetry;

/** The InfluxDB type of a field; a field keeps one type for good (InfluxDB refuses a point that changes it). */
public enum FieldType {
    /** A 64-bit float. */
    FLOAT,
    /** A 64-bit integer. */
    INTEGER,
    /** true or false. */
    BOOLEAN,
    /** Text. */
    STRING;

    /** True when the value is of this type as {@link TelemetryPoint} holds it. */
    boolean accepts(Object value) {
        return switch (this) {
            case FLOAT -> value instanceof Double d && Double.isFinite(d);
            case INTEGER -> value instanceof Long;
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
        };
    }
}
