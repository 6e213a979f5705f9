package dev.plantctl.dashboards.telemetry;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Reading;
import dev.plantctl.core.Setpoint;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.core.TagValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns plantctl's records into points of the telemetry schema ({@link Measurement}). Jobs of every plant write
 * through these methods, so that what the dashboards read has one definition.
 */
public final class Telemetry {

    /** How many of an explanation's factors (most important first) go into {@code top_factors}. */
    public static final int TOP_FACTORS = 3;

    private Telemetry() {
    }

    /** A reading. */
    public static TelemetryPoint reading(Reading r) {
        return TelemetryPoint.of(Measurement.READING, Map.of("plant", r.plant(), "unit", r.unitId(), "tag", r.tag(),
                "quality", r.quality().name().toLowerCase(Locale.ROOT)), Map.of("value", r.value()), r.eventTime());
    }

    /** One point per tag of the observation. */
    public static List<TelemetryPoint> observation(Observation o) {
        List<TelemetryPoint> points = new ArrayList<>();
        for (Map.Entry<String, TagValue> e : o.sortedValues().entrySet()) {
            TagValue v = e.getValue();
            points.add(TelemetryPoint.of(Measurement.OBSERVATION,
                    Map.of("plant", o.plant(), "unit", o.unitId(), "tag", e.getKey()),
                    Map.of("value", v.value(), "age_s", v.ageMillis() / 1000.0, "stale", v.stale()), o.time()));
        }
        return points;
    }

    /** The greenhouse comfort band in effect for a unit at a control instant. */
    public static TelemetryPoint comfortBand(String plant, String unit, Instant time, double temperatureMin,
                                             double temperatureMax, double co2Min, double co2Max,
                                             double relativeHumidityMax) {
        return TelemetryPoint.of(Measurement.COMFORT_BAND, Map.of("plant", plant, "unit", unit),
                Map.of("temperature_min", temperatureMin, "temperature_max", temperatureMax, "co2_min", co2Min,
                        "co2_max", co2Max, "relative_humidity_max", relativeHumidityMax), time);
    }

    /**
     * A decision as the points an operator reads: the decision itself, each setpoint, the explanation and each
     * shield intervention.
     */
    public static List<TelemetryPoint> decision(Decision d) {
        Explanation e = d.explanation();
        List<TelemetryPoint> points = new ArrayList<>();
        points.add(TelemetryPoint.of(Measurement.DECISION, decisionTags(d), Map.of(
                "uncertainty", e.uncertainty(), "fallback", fellBack(e), "setpoints", (long) d.setpoints().size(),
                "shield_interventions", (long) e.safety().size()), d.time()));
        for (Setpoint s : d.setpoints()) {
            points.add(TelemetryPoint.of(Measurement.SETPOINT,
                    Map.of("plant", d.plant(), "unit", d.unitId(), "actuator", s.actuator()),
                    Map.of("value", s.value()), d.time()));
        }
        points.add(TelemetryPoint.of(Measurement.EXPLANATION,
                Map.of("plant", d.plant(), "unit", d.unitId(), "controller", e.controller()), Map.of(
                        "summary", oneLine(e.summary()), "top_factors", topFactors(e),
                        "citations", oneLine(String.join("; ", e.citations())),
                        "citation_count", (long) e.citations().size()), d.time()));
        for (ShieldIntervention s : e.safety()) {
            points.add(TelemetryPoint.of(Measurement.SHIELD_INTERVENTION,
                    Map.of("plant", d.plant(), "unit", d.unitId(), "actuator", s.actuator(), "rule", s.rule()),
                    Map.of("requested", s.requested(), "applied", s.applied(), "reason", oneLine(s.reason())),
                    d.time()));
        }
        return points;
    }

    /**
     * A write the policy refused.
     *
     * @param actuator the actuator or G-code command
     * @param value    the value asked for (NaN when there is none: written as no field)
     * @param where    {@code job} or {@code sink}
     * @param commandId the refused setpoint's command id
     */
    public static TelemetryPoint setpointRejected(String plant, String unit, String actuator, double value,
                                                  String rule, String where, String commandId, String reason,
                                                  Instant time) {
        Map<String, Object> fields = new java.util.HashMap<>(Map.of("count", 1L, "reason", oneLine(reason)));
        if (Double.isFinite(value)) {
            fields.put("value", value);
        }
        return TelemetryPoint.of(Measurement.SETPOINT_REJECTED, Map.of("plant", plant, "unit", unit, "actuator",
                actuator, "rule", rule, "where", where, "command_id", commandId), fields, time);
    }

    /** How long the decision took to make, with the model's uncertainty. */
    public static TelemetryPoint modelHealth(Decision d, double inferenceMillis) {
        return TelemetryPoint.of(Measurement.MODEL_HEALTH, decisionTags(d),
                Map.of("inference_ms", inferenceMillis, "uncertainty", d.explanation().uncertainty()), d.time());
    }

    /**
     * A refused input of a plant's job, at the time it carried (a sample's source time, a message's arrival).
     * Two refusals of the same address and reason at the same instant land on one point.
     */
    public static TelemetryPoint deadLetter(String plant, DeadLetter d) {
        Instant time = d.sample() != null ? d.sample().sourceTime() : d.message().receivedAt();
        return TelemetryPoint.of(Measurement.DEAD_LETTER,
                Map.of("plant", plant, "reason", d.reason().name().toLowerCase(Locale.ROOT)),
                Map.of("count", 1L, "source", d.source(), "address", oneLine(d.address()),
                        "detail", oneLine(d.detail())), time);
    }

    /**
     * A sample of a job's health.
     *
     * @param readingsPerSecond readings validated per second of wall time since the last sample
     * @param lagSeconds        how far the watermark trails the newest reading's event time, or null before the
     *                          first watermark
     * @param reconnects        source reconnections since the job started
     * @param checkpointAgeSeconds wall time since the last completed checkpoint, or null before the first
     * @param deadLetters       dead letters since the job started
     * @param readings          readings since the job started
     */
    public static TelemetryPoint pipelineHealth(String plant, String job, Instant time, double readingsPerSecond,
                                                Double lagSeconds, long reconnects, Double checkpointAgeSeconds,
                                                long deadLetters, long readings) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("readings_per_s", readingsPerSecond);
        if (lagSeconds != null) {
            fields.put("lag_s", lagSeconds);
        }
        fields.put("reconnects", reconnects);
        if (checkpointAgeSeconds != null) {
            fields.put("checkpoint_age_s", checkpointAgeSeconds);
        }
        fields.put("dead_letters", deadLetters);
        fields.put("readings", readings);
        return TelemetryPoint.of(Measurement.PIPELINE_HEALTH, Map.of("plant", plant, "job", job), fields, time);
    }

    /** A printer process expert's estimate of one quantity ({@code flow_pct}, {@code z_offset_mm}, ...). */
    public static TelemetryPoint printerEstimate(String plant, String printer, Instant time, String quantity,
                                                 double value, double uncertainty) {
        return TelemetryPoint.of(Measurement.PRINTER_ESTIMATE,
                Map.of("plant", plant, "unit", printer, "quantity", quantity),
                Map.of("value", value, "uncertainty", uncertainty), time);
    }

    /**
     * A printer controller's action.
     *
     * @param tier       none, notify, auto_adjust, ask_operator or pause
     * @param gcode      the G-code sent, lines joined by {@code "; "}, empty when none
     * @param autonomous true when the controller adjusted the printer by itself
     */
    public static TelemetryPoint printerAction(String plant, String printer, Instant time, String tier, String gcode,
                                               boolean autonomous) {
        return TelemetryPoint.of(Measurement.PRINTER_ACTION, Map.of("plant", plant, "unit", printer, "tier", tier),
                Map.of("gcode", oneLine(gcode), "autonomous", autonomous), time);
    }

    /** True when the explanation holds the factor {@link Factor#FALLBACK} with a value other than 0. */
    public static boolean fellBack(Explanation e) {
        return e.factors().stream().anyMatch(f -> Factor.FALLBACK.equals(f.name()) && f.value() != 0);
    }

    private static Map<String, String> decisionTags(Decision d) {
        Explanation e = d.explanation();
        return Map.of("plant", d.plant(), "unit", d.unitId(), "controller", e.controller(),
                "model_version", e.modelVersion());
    }

    private static String topFactors(Explanation e) {
        return oneLine(e.factors().stream().limit(TOP_FACTORS)
                .map(f -> String.format(Locale.ROOT, "%s=%.4g (%s)", f.name(), f.value(), f.effect()))
                .collect(Collectors.joining("; ")));
    }

    /** Line protocol carries no line breaks in values: they become spaces. */
    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }
}
