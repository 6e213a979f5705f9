package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads an {@code explanations.jsonl} back and checks that every line is a JSON object with the fields the
 * explanation contract promises, so the demo's count of explanations counts only valid ones.
 */
final class ExplanationsCheck {

    /** The fields every explanation line carries (DESIGN.md, "Contracts users rely on"). */
    static final List<String> REQUIRED_FIELDS = List.of("time", "plant", "controller", "model_version", "setpoints",
            "factors", "uncertainty", "safety", "summary");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplanationsCheck() {
    }

    /**
     * The result of reading a file.
     *
     * @param valid    lines that are JSON objects with every required field
     * @param problems one entry per invalid line, naming the line and what is wrong
     * @param objects  the valid lines, parsed
     */
    record Result(int valid, List<String> problems, List<JsonNode> objects) { }

    static Result read(Path file) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Result(0, List.of(file + " was not written"), objects);
        }
        try (Stream<String> lines = Files.lines(file)) {
            int lineNo = 0;
            for (String line : (Iterable<String>) lines::iterator) {
                lineNo++;
                String problem = check(line, objects);
                if (problem != null) {
                    problems.add(file.getFileName() + ":" + lineNo + ": " + problem);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new Result(objects.size(), problems, objects);
    }

    private static String check(String line, List<JsonNode> objects) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            return "not JSON: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        List<String> missing = REQUIRED_FIELDS.stream().filter(f -> !node.has(f)).toList();
        if (!missing.isEmpty()) {
            return "missing fields " + missing;
        }
        objects.add(node);
        return null;
    }
}
