package dev.plantctl.ml.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes a {@link TransitionSet} as a transitions file: UTF-8 JSON lines, one header line and then
 * one line per transition (the format is documented in {@code ml/README.md}).
 *
 * <pre>
 * {"format":"plantctl-transitions","version":1,"plant":"greenhouse","step_seconds":900,
 *  "state":[...],"action":[...],"exogenous":[...],"count":2880,"fingerprint":"sha256:...","source":"..."}
 * {"unit":"c1","time":"2024-02-01T00:00:00Z","state":[...],"action":[...],"exogenous":[...],"next":[...]}
 * </pre>
 *
 * Numbers are written in Java's shortest round-trip form, so reading a written file gives the same numbers and
 * the same fingerprint. Reading checks the header, every line, the count and the fingerprint, and refuses a
 * file that fails any check with an {@link IOException} naming the file and line.
 */
public final class TransitionFile {

    /** The value of the header's {@code format} field. */
    public static final String FORMAT = "plantctl-transitions";
    /** The version of the format this class writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private TransitionFile() {
    }

    /** Writes the set to {@code file} (through a temporary file beside it, moved into place at the end). */
    public static void write(TransitionSet set, Path file) throws IOException {
        Objects.requireNonNull(set, "set");
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode();
            TransitionSchema s = set.schema();
            header.put("format", FORMAT);
            header.put("version", VERSION);
            header.put("plant", s.plant());
            header.put("step_seconds", s.step().toNanos() / 1e9);
            names(header.putArray("state"), s.state());
            names(header.putArray("action"), s.action());
            names(header.putArray("exogenous"), s.exogenous());
            header.put("count", set.size());
            header.put("fingerprint", set.fingerprint());
            header.put("source", set.source());
            w.write(header.toString());
            w.newLine();
            for (Transition t : set.transitions()) {
                ObjectNode line = JSON.createObjectNode();
                line.put("unit", t.unit());
                line.put("time", t.time().toString());
                numbers(line.putArray("state"), t.state());
                numbers(line.putArray("action"), t.action());
                numbers(line.putArray("exogenous"), t.exogenous());
                numbers(line.putArray("next"), t.next());
                w.write(line.toString());
                w.newLine();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a transitions file.
     *
     * @throws IOException when the file cannot be read or is not a valid transitions file; the message names
     *                     the file and line, e.g. {@code data.jsonl:1: fingerprint sha256:ab… in the header does
     *                     not match the content (sha256:cd…)}
     */
    public static TransitionSet read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            if (first == null) {
                throw error(file, 1, "empty file, expected a " + FORMAT + " header");
            }
            JsonNode header = parse(file, 1, first);
            if (!FORMAT.equals(header.path("format").asText()) || header.path("version").asInt() != VERSION) {
                throw error(file, 1, "not a " + FORMAT + " file of version " + VERSION + " (header format '"
                        + header.path("format").asText() + "', version " + header.path("version").asText() + ")");
            }
            double stepSeconds = number(file, 1, header, "step_seconds");
            TransitionSchema schema;
            try {
                schema = new TransitionSchema(text(file, 1, header, "plant"),
                        Duration.ofNanos(Math.round(stepSeconds * 1e9)), names(file, header, "state"),
                        names(file, header, "action"), names(file, header, "exogenous"));
            } catch (IllegalArgumentException e) {
                throw error(file, 1, e.getMessage());
            }
            List<Transition> transitions = new ArrayList<>();
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(file, lineNo, line);
                try {
                    Transition t = new Transition(text(file, lineNo, node, "unit"),
                            time(file, lineNo, node), vector(file, lineNo, node, "state", schema.state().size()),
                            vector(file, lineNo, node, "action", schema.action().size()),
                            vector(file, lineNo, node, "exogenous", schema.exogenous().size()),
                            vector(file, lineNo, node, "next", schema.state().size()));
                    transitions.add(t);
                } catch (IllegalArgumentException e) {
                    throw error(file, lineNo, e.getMessage());
                }
            }
            TransitionSet set = new TransitionSet(schema, transitions, header.path("source").asText(""));
            long count = header.path("count").asLong(-1);
            if (count != transitions.size()) {
                throw error(file, 1, "header count " + count + " but the file holds " + transitions.size()
                        + " transitions (truncated or appended to?)");
            }
            String declared = text(file, 1, header, "fingerprint");
            String actual = set.fingerprint();
            if (!declared.equals(actual)) {
                throw error(file, 1, "fingerprint " + declared + " in the header does not match the content ("
                        + actual + "): the file was changed after it was written");
            }
            return set;
        }
    }

    private static JsonNode parse(Path file, int lineNo, String line) throws IOException {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw error(file, lineNo, "not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw error(file, lineNo, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(Path file, int lineNo, JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw error(file, lineNo, "field '" + field + "' missing or not a string");
        }
        return v.asText();
    }

    private static double number(Path file, int lineNo, JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw error(file, lineNo, "field '" + field + "' missing or not a number");
        }
        return v.asDouble();
    }

    private static Instant time(Path file, int lineNo, JsonNode node) throws IOException {
        String text = text(file, lineNo, node, "time");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw error(file, lineNo, "field 'time': '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static List<String> names(Path file, JsonNode header, String field) throws IOException {
        JsonNode v = header.get(field);
        if (v == null || !v.isArray()) {
            throw error(file, 1, "field '" + field + "' missing or not an array of names");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : v) {
            out.add(n.asText());
        }
        return out;
    }

    private static double[] vector(Path file, int lineNo, JsonNode node, String field, int size) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.size() != size) {
            throw error(file, lineNo, "field '" + field + "' must be an array of " + size + " numbers");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            if (!v.get(i).isNumber()) {
                throw error(file, lineNo, "field '" + field + "'[" + i + "] is not a number: " + v.get(i));
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static void names(ArrayNode array, List<String> names) {
        names.forEach(array::add);
    }

    private static void numbers(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }

    private static IOException error(Path file, int lineNo, String problem) {
        return new IOException(file + ":" + lineNo + ": " + problem);
    }
}
