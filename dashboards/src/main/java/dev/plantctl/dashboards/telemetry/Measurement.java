package dev.plantctl.dashboards.telemetry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measurements plantctl writes to InfluxDB, with their tags and fields: the one telemetry schema that the jobs
 * write (through {@link Telemetry}) and the Grafana dashboards read. Every measurement is tagged with {@code plant};
 * those about one plant unit also with {@code unit} (a greenhouse compartment, a printer). Timestamps are the
 * plant's event time. {@code dashboards/README.md} documents each one.
 */
public enum Measurement {

    /** A validated reading of one tag: {@code value} in the tag's canonical unit. */
    READING("reading", List.of("plant", "unit", "tag", "quality"), fields("value", FieldType.FLOAT)),
    /** One tag's value as the controller saw it at a control instant, with its age and staleness. */
    OBSERVATION("observation", List.of("plant", "unit", "tag"),
            fields("value", FieldType.FLOAT, "age_s", FieldType.FLOAT, "stale", FieldType.BOOLEAN)),
    /** The climate band in effect at a control instant (greenhouse): what the climate panels draw as bands. */
    COMFORT_BAND("comfort_band", List.of("plant", "unit"),
            fields("temperature_min", FieldType.FLOAT, "temperature_max", FieldType.FLOAT,
                    "co2_min", FieldType.FLOAT, "co2_max", FieldType.FLOAT, "relative_humidity_max", FieldType.FLOAT)),
    /** One decision: how sure the controller was, whether it fell back, how much the shield changed. */
    DECISION("decision", List.of("plant", "unit", "controller", "model_version"),
            fields("uncertainty", FieldType.FLOAT, "fallback", FieldType.BOOLEAN, "setpoints", FieldType.INTEGER,
                    "shield_interventions", FieldType.INTEGER)),
    /** One setpoint of a decision, as applied after the shield. */
    SETPOINT("setpoint", List.of("plant", "unit", "actuator"), fields("value", FieldType.FLOAT)),
    /** The explanation of a decision as text: summary, top factors, citations. */
    EXPLANATION("explanation", List.of("plant", "unit", "controller"),
            fields("summary", FieldType.STRING, "top_factors", FieldType.STRING, "citations", FieldType.STRING,
                    "citation_count", FieldType.INTEGER)),
    /** One change the safety shield made to a controller's request. */
    SHIELD_INTERVENTION("shield_intervention", List.of("plant", "unit", "actuator", "rule"),
            fields("requested", FieldType.FLOAT, "applied", FieldType.FLOAT, "reason", FieldType.STRING)),
    /**
     * One setpoint or G-code script the write policy refused before it reached the plant: the rule that fired
     * ({@code range}, {@code rate}, {@code expiry}, {@code cross_unit}, {@code not_allowed}, ...), where it was
     * refused ({@code job}: the decision operator; {@code sink}: the gate inside the sink), and why;
     * {@code count} is always 1, for sums. Tagged with the command id, so that refusals at one instant stay
     * apart (refusals are rare: the series they add are few).
     */
    SETPOINT_REJECTED("setpoint_rejected", List.of("plant", "unit", "actuator", "rule", "where", "command_id"),
            fields("count", FieldType.INTEGER, "value", FieldType.FLOAT, "reason", FieldType.STRING)),
    /** One refused input, with its reason; {@code count} is always 1, for sums. */
    DEAD_LETTER("dead_letter", List.of("plant", "reason"),
            fields("count", FieldType.INTEGER, "source", FieldType.STRING, "address", FieldType.STRING,
                    "detail", FieldType.STRING)),
    /**
     * The job's health, sampled on a wall-clock interval and stamped with the plant's newest event time:
     * throughput, event-time lag behind the newest reading, source reconnects, checkpoint age, dead letters.
     */
    PIPELINE_HEALTH("pipeline_health", List.of("plant", "job"),
            fields("readings_per_s", FieldType.FLOAT, "lag_s", FieldType.FLOAT, "reconnects", FieldType.INTEGER,
                    "checkpoint_age_s", FieldType.FLOAT, "dead_letters", FieldType.INTEGER,
                    "readings", FieldType.INTEGER)),
    /** The model behind one decision: how long the decision took and how sure it was. */
    MODEL_HEALTH("model_health", List.of("plant", "unit", "controller", "model_version"),
            fields("inference_ms", FieldType.FLOAT, "uncertainty", FieldType.FLOAT)),
    /** A printer process expert's estimate of one quantity (flow, Z offset, hotend deviation) with its uncertainty. */
    PRINTER_ESTIMATE("printer_estimate", List.of("plant", "unit", "quantity"),
            fields("value", FieldType.FLOAT, "uncertainty", FieldType.FLOAT)),
    /** A printer controller's action: its tier and the G-code it sent (empty when none). */
    PRINTER_ACTION("printer_action", List.of("plant", "unit", "tier"),
            fields("gcode", FieldType.STRING, "autonomous", FieldType.BOOLEAN));

    private final String id;
    private final List<String> tags;
    private final Map<String, FieldType> fields;

    Measurement(String id, List<String> tags, Map<String, FieldType> fields) {
        this.id = id;
        this.tags = List.copyOf(tags);
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** The measurement's name in InfluxDB. */
    public String id() {
        return id;
    }

    /** The tag keys, every one present on every point. */
    public List<String> tags() {
        return tags;
    }

    /** The field keys and their types, in documentation order; a point holds some of them. */
    public Map<String, FieldType> fields() {
        return fields;
    }

    /** The measurement of this name, if the schema has it. */
    public static Optional<Measurement> byId(String id) {
        for (Measurement m : values()) {
            if (m.id.equals(id)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static Map<String, FieldType> fields(Object... keysAndTypes) {
        Map<String, FieldType> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            map.put((String) keysAndTypes[i], (FieldType) keysAndTypes[i + 1]);
        }
        return map;
    }
}
