package dev.plantctl.controllers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.ShieldIntervention;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The line format of {@code explanations.jsonl}: one {@link Explanation} as one JSON object on one line.
 *
 * <p>Fields, in this order: {@code time} (ISO-8601 instant), {@code plant}, {@code unit}, {@code controller},
 * {@code model_version}, {@code setpoints} (object actuator → number, sorted by actuator), {@code factors} (array
 * of {@code {name, value, effect}}), {@code uncertainty}, {@code safety} (array of
 * {@code {actuator, requested, applied, rule, reason}}), {@code summary}, {@code citations} (array of strings).
 *
 * <p>A number that is not finite (NaN, ±∞) is written as {@code null}, so a line is always valid JSON; reading
 * turns {@code null} back into NaN, so infinities come back as NaN. Everything else round-trips exactly.
 * Both methods are thread-safe.
 */
public final class ExplanationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ExplanationJson() {
    }

    /** The explanation as one JSON object without line breaks (and without a trailing newline). */
    public static String toJsonLine(Explanation e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("plant", e.plant());
            g.writeStringField("unit", e.unitId());
            g.writeStringField("controller", e.controller());
            g.writeStringField("model_version", e.modelVersion());
            g.writeObjectFieldStart("setpoints");
            for (Map.Entry<String, Double> s : new TreeMap<>(e.setpoints()).entrySet()) {
                g.writeFieldName(s.getKey());
                number(g, s.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("factors");
            for (Factor f : e.factors()) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeFieldName("value");
                number(g, f.value());
                g.writeStringField("effect", f.effect());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("uncertainty");
            number(g, e.uncertainty());
            g.writeArrayFieldStart("safety");
            for (ShieldIntervention i : e.safety()) {
                g.writeStartObject();
                g.writeStringField("actuator", i.actuator());
                g.writeFieldName("requested");
                number(g, i.requested());
                g.writeFieldName("applied");
                number(g, i.applied());
                g.writeStringField("rule", i.rule());
                g.writeStringField("reason", i.reason());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("summary", e.summary());
            g.writeArrayFieldStart("citations");
            for (String c : e.citations()) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write explanation of " + e.unitId() + " at " + e.time(), ex);
        }
        return out.toString();
    }

    /**
     * Reads one line written by {@link #toJsonLine(Explanation)}.
     *
     * @throws IllegalArgumentException when the line is not JSON, or a field is missing or of the wrong type,
     *                                  naming the field
     */
    public static Explanation parse(String line) {
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("explanation line is not JSON: " + ex.getOriginalMessage(), ex);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("explanation line is not a JSON object");
        }
        Instant time;
        try {
            time = Instant.parse(text(root, "time"));
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("field time is not an ISO-8601 instant: " + ex.getParsedString(), ex);
        }
        Map<String, Double> setpoints = new LinkedHashMap<>();
        JsonNode sp = field(root, "setpoints");
        if (!sp.isObject()) {
            throw new IllegalArgumentException("field setpoints is not an object");
        }
        sp.properties().forEach(en -> setpoints.put(en.getKey(), number(en.getValue(), "setpoints." + en.getKey())));
        List<Factor> factors = array(root, "factors", n -> new Factor(text(n, "name"),
                number(field(n, "value"), "factors.value"), text(n, "effect")));
        List<ShieldIntervention> safety = array(root, "safety", n -> new ShieldIntervention(text(n, "actuator"),
                number(field(n, "requested"), "safety.requested"), number(field(n, "applied"), "safety.applied"),
                text(n, "rule"), text(n, "reason")));
        List<String> citations = array(root, "citations", n -> {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("field citations holds a non-string: " + n);
            }
            return n.asText();
        });
        return new Explanation(time, text(root, "plant"), text(root, "unit"), text(root, "controller"),
                text(root, "model_version"), setpoints, factors, number(field(root, "uncertainty"), "uncertainty"),
                safety, text(root, "summary"), citations);
    }

    private static void number(JsonGenerator g, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumber(value);
        } else {
            g.writeNull();
        }
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null) {
            throw new IllegalArgumentException("field " + name + " is missing");
        }
        return v;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field " + name + " is not a string: " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode v, String name) {
        if (v.isNull()) {
            return Double.NaN;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field " + name + " is not a number: " + v);
        }
        return v.doubleValue();
    }

    private static <T> List<T> array(JsonNode node, String name, Function<JsonNode, T> element) {
        JsonNode v = field(node, name);
        if (!v.isArray()) {
            throw new IllegalArgumentException("field " + name + " is not an array");
        }
        List<T> out = new ArrayList<>(v.size());
        v.forEach(n -> out.add(element.apply(n)));
        return out;
    }
}
