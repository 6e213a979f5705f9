package dev.plantctl.app.printer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scenario file of {@code plantctl bench printer --scenarios FILE}: a JSON object with one array
 * {@code scenarios}, each element an object with
 * <ul>
 *   <li>{@code name} (string, required), {@code kind} (required): {@code clog}, {@code z_drift}, {@code wrong_flow},
 *       {@code cold_hotend} (disturbances) or {@code unknown_material}, {@code untrained_material},
 *       {@code sensor_fault} (out of distribution);</li>
 *   <li>{@code seed} (integer, default 1), {@code layers} (integer ≥ 3, default 20), {@code onset_s} (number ≥ 0,
 *       default 150);</li>
 *   <li>{@code value}: clog: final bore fraction (0, 1]; z_drift: drift limit, mm (signed); wrong_flow: the flow
 *       factor set at the onset, %; cold_hotend: target offset, °C; sensor_fault: reading bias, °C, 0 for a
 *       detached thermistor;</li>
 *   <li>{@code ramp_s}: clog: time to the final bore; z_drift: time to the limit (s, default 300);</li>
 *   <li>{@code material}: the material the job states, for the material kinds (e.g. {@code PA12}, {@code PETG}).</li>
 * </ul>
 * Unknown fields are errors, so a typo does not silently fall back to a default.
 */
public final class BenchScenarioFile {

    private static final List<String> FIELDS = List.of("name", "kind", "seed", "layers", "onset_s", "value",
            "ramp_s", "material");

    private BenchScenarioFile() {
    }

    /**
     * Reads a scenario file.
     *
     * @throws IllegalArgumentException when it is not valid, naming the file, the scenario's index and the field
     */
    public static List<BenchScenario> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("scenarios").isArray() || root.path("scenarios").isEmpty()) {
            throw new IllegalArgumentException(file + ": needs a non-empty array 'scenarios'");
        }
        List<BenchScenario> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root.path("scenarios")) {
            String where = file + ": scenarios[" + i++ + "]";
            n.fieldNames().forEachRemaining(f -> {
                if (!FIELDS.contains(f)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + f + "'; known: " + FIELDS);
                }
            });
            try {
                BenchScenario.Kind kind = BenchScenario.Kind.of(text(n, "kind"));
                String material = n.path("material").asText("");
                if ((kind == BenchScenario.Kind.UNKNOWN_MATERIAL || kind == BenchScenario.Kind.UNTRAINED_MATERIAL)
                        && material.isBlank()) {
                    throw new IllegalArgumentException("kind " + kind.label() + " needs 'material'");
                }
                out.add(new BenchScenario(text(n, "name"), kind, n.path("seed").asLong(1),
                        n.path("layers").asInt(20), number(n, "onset_s", 150), number(n, "value", 0),
                        number(n, "ramp_s", 300), material));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The default set, drawn from a seed: per disturbance kind {@code perKind} cases (clog to a 50–60 % bore over
     * 200–400 s; Z drift of ±0.06–0.12 mm over 300 s; flow factor 80–90 % or 110–120 %; target 25–35 °C low), and
     * per out-of-distribution kind {@code perKind} cases (materials PA12, PC, PEEK, wood-fill; PETG, ABS, TPU;
     * thermistor bias +10…+20 °C, −10…−20 °C, or detached). Onsets lie in layers 4–7.
     */
    public static List<BenchScenario> defaults(int perKind, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<BenchScenario> out = new ArrayList<>();
        String[] unknown = {"PA12", "PC", "PEEK", "wood-fill"};
        String[] untrained = {"PETG", "ABS", "TPU"};
        for (int i = 0; i < perKind; i++) {
            double onset = 25 + 25 * (3 + r.nextInt(4)) + r.nextDouble() * 20;
            out.add(new BenchScenario("clog-" + i, BenchScenario.Kind.CLOG, r.nextLong(), 34, onset,
                    0.5 + 0.1 * r.nextDouble(), 200 + 200 * r.nextDouble(), ""));
            out.add(new BenchScenario("z_drift-" + i, BenchScenario.Kind.Z_DRIFT, r.nextLong(), 24, onset,
                    (r.nextBoolean() ? 1 : -1) * (0.06 + 0.06 * r.nextDouble()), 300, ""));
            out.add(new BenchScenario("wrong_flow-" + i, BenchScenario.Kind.WRONG_FLOW, r.nextLong(), 18, onset,
                    r.nextBoolean() ? 80 + 10 * r.nextDouble() : 110 + 10 * r.nextDouble(), 0, ""));
            out.add(new BenchScenario("cold_hotend-" + i, BenchScenario.Kind.COLD_HOTEND, r.nextLong(), 18, onset,
                    -25 - 10 * r.nextDouble(), 0, ""));
            out.add(new BenchScenario("unknown_material-" + i, BenchScenario.Kind.UNKNOWN_MATERIAL, r.nextLong(), 12,
                    onset, 0, 0, unknown[i % unknown.length]));
            out.add(new BenchScenario("untrained_material-" + i, BenchScenario.Kind.UNTRAINED_MATERIAL, r.nextLong(),
                    12, onset, 0, 0, untrained[i % untrained.length]));
            int fault = i % 3;
            double bias = fault == 2 ? 0 : (fault == 0 ? 1 : -1) * (10 + 10 * r.nextDouble());
            out.add(new BenchScenario("sensor_fault-" + i, BenchScenario.Kind.SENSOR_FAULT, r.nextLong(), 14, onset,
                    bias, 0, ""));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-blank string");
        }
        return v.asText();
    }

    private static double number(JsonNode n, String field, double fallback) {
        JsonNode v = n.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got " + v);
        }
        return v.asDouble();
    }
}
