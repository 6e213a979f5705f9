package dev.plantctl.ml.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.ml.nn.Normalizer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code metadata.json} beside a model file: what the model takes and gives, how it was normalised, what it
 * was trained on and how. The format is documented in {@code ml/README.md}; the fields written are
 * {@code format}, {@code format_version}, {@code name}, {@code version}, {@code created}, {@code file},
 * {@code sha256}, {@code step_seconds}, {@code inputs}, {@code outputs}, {@code output_tensors}, {@code members},
 * {@code normalisation}, {@code training_data}, {@code hyperparameters} and {@code evaluation}.
 *
 * @param name            the model's name
 * @param version         its version in the registry, ≥ 1
 * @param created         when it was written
 * @param file            the model file's name in its directory, e.g. {@code model.onnx}
 * @param sha256          the SHA-256 of the model file, 64 hex digits
 * @param step            the time step of one prediction
 * @param inputs          input feature names, in the order of the input tensor's columns
 * @param outputs         output names, in the order of the output tensors' last axis
 * @param members         ensemble members in the graph
 * @param inputNormalizer the normalisation of the inputs (applied inside the graph; recorded for readers)
 * @param outputNormalizer the normalisation of the outputs (undone inside the graph)
 * @param dataFingerprint the fingerprint of the training data
 * @param dataTransitions how many transitions the training data held
 * @param dataSource      where the training data came from
 * @param hyperparameters the training options
 * @param evaluation      figures measured at training time (free-form, may be empty)
 */
public record ModelMetadata(String name, long version, Instant created, String file, String sha256, Duration step,
                            List<String> inputs, List<String> outputs, int members, Normalizer inputNormalizer,
                            Normalizer outputNormalizer, String dataFingerprint, int dataTransitions,
                            String dataSource, Map<String, Object> hyperparameters, Map<String, Object> evaluation) {

    /** The value of the {@code format} field. */
    public static final String FORMAT = "plantctl-model";
    /** The version of the metadata format. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Checks the fields and copies the collections. */
    public ModelMetadata {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(inputNormalizer, "inputNormalizer");
        Objects.requireNonNull(outputNormalizer, "outputNormalizer");
        Objects.requireNonNull(dataFingerprint, "dataFingerprint");
        Objects.requireNonNull(dataSource, "dataSource");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        hyperparameters = Map.copyOf(hyperparameters);
        evaluation = Map.copyOf(evaluation);
        if (version < 1) {
            throw new IllegalArgumentException("model version must be >= 1: " + version);
        }
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: '" + sha256 + "'");
        }
        if (file.isBlank() || file.contains("/") || file.contains("\\")) {
            throw new IllegalArgumentException("model file must be a plain file name: '" + file + "'");
        }
        if (inputs.size() != inputNormalizer.size() || outputs.size() != outputNormalizer.size()) {
            throw new IllegalArgumentException("normalisation has " + inputNormalizer.size() + " inputs and "
                    + outputNormalizer.size() + " outputs, the names " + inputs.size() + " and " + outputs.size());
        }
        if (members < 1) {
            throw new IllegalArgumentException("members must be >= 1: " + members);
        }
    }

    /** The model's id as decisions carry it: {@code name/version}. */
    public String id() {
        return name + "/" + version;
    }

    /** This metadata as the JSON text of {@code metadata.json}. */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("format_version", FORMAT_VERSION);
        n.put("name", name);
        n.put("version", version);
        n.put("created", created.toString());
        n.put("file", file);
        n.put("sha256", sha256);
        n.put("step_seconds", step.toNanos() / 1e9);
        inputs.forEach(n.putArray("inputs")::add);
        outputs.forEach(n.putArray("outputs")::add);
        ObjectNode tensors = n.putObject("output_tensors");
        tensors.put("mean", "[members, batch, outputs]: each member's mean of each output");
        tensors.put("variance", "[members, batch, outputs]: each member's variance of each output");
        n.put("members", members);
        ObjectNode norm = n.putObject("normalisation");
        numbers(norm, "input_mean", inputNormalizer.mean());
        numbers(norm, "input_std", inputNormalizer.std());
        numbers(norm, "output_mean", outputNormalizer.mean());
        numbers(norm, "output_std", outputNormalizer.std());
        ObjectNode data = n.putObject("training_data");
        data.put("fingerprint", dataFingerprint);
        data.put("transitions", dataTransitions);
        data.put("source", dataSource);
        n.set("hyperparameters", JSON.valueToTree(new LinkedHashMap<>(sorted(hyperparameters))));
        n.set("evaluation", JSON.valueToTree(new LinkedHashMap<>(sorted(evaluation))));
        try {
            return JSON.writeValueAsString(n) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata of " + id() + " cannot be written as JSON", e);
        }
    }

    /**
     * Parses {@code metadata.json} text.
     *
     * @param text the JSON
     * @param file the file it came from, for messages
     * @throws ModelRejectedException when it is not valid metadata, naming the file and the field
     */
    public static ModelMetadata fromJson(String text, Path file) throws ModelRejectedException {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelRejectedException(file, "not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !FORMAT.equals(n.path("format").asText()) || n.path("format_version").asInt() != FORMAT_VERSION) {
            throw new ModelRejectedException(file, "not " + FORMAT + " metadata of format version " + FORMAT_VERSION);
        }
        try {
            JsonNode norm = required(n, "normalisation", file);
            JsonNode data = required(n, "training_data", file);
            return new ModelMetadata(text(n, "name", file), required(n, "version", file).asLong(),
                    Instant.parse(text(n, "created", file)), text(n, "file", file), text(n, "sha256", file),
                    Duration.ofNanos(Math.round(required(n, "step_seconds", file).asDouble() * 1e9)),
                    strings(n, "inputs", file), strings(n, "outputs", file), required(n, "members", file).asInt(),
                    new Normalizer(numbers(norm, "input_mean", file), numbers(norm, "input_std", file)),
                    new Normalizer(numbers(norm, "output_mean", file), numbers(norm, "output_std", file)),
                    text(data, "fingerprint", file), required(data, "transitions", file).asInt(),
                    text(data, "source", file), map(n.path("hyperparameters")), map(n.path("evaluation")));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new ModelRejectedException(file, "invalid metadata: " + e.getMessage());
        }
    }

    private static Map<String, Object> sorted(Map<String, Object> m) {
        return new java.util.TreeMap<>(m);
    }

    private static JsonNode required(JsonNode n, String field, Path file) throws ModelRejectedException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new ModelRejectedException(file, "field '" + field + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode n, String field, Path file) throws ModelRejectedException {
        JsonNode v = required(n, field, file);
        if (!v.isTextual()) {
            throw new ModelRejectedException(file, "field '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode n, String field, Path file) throws ModelRejectedException {
        JsonNode v = required(n, field, file);
        if (!v.isArray()) {
            throw new ModelRejectedException(file, "field '" + field + "' must be an array of names");
        }
        List<String> out = new ArrayList<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static double[] numbers(JsonNode n, String field, Path file) throws ModelRejectedException {
        JsonNode v = required(n, field, file);
        if (!v.isArray()) {
            throw new ModelRejectedException(file, "field '" + field + "' must be an array of numbers");
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) {
                throw new ModelRejectedException(file, "field '" + field + "'[" + i + "] is not a number");
            }
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    private static void numbers(ObjectNode n, String field, double[] values) {
        var array = n.putArray(field);
        for (double v : values) {
            array.add(v);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode n) {
        if (n == null || !n.isObject()) {
            return Map.of();
        }
        Map<String, Object> out = JSON.convertValue(n, LinkedHashMap.class);
        out.values().removeIf(Objects::isNull);
        return out;
    }
}
