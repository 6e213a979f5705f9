package dev.plantctl.controllers.greenhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.models.greenhouse.SyntheticWeather;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scenario set of the greenhouse benchmark: seasons of one length and start under one parameter uncertainty,
 * one season per weather seed ({@link SyntheticWeather}); the seed also seeds the per-step parameter draws.
 *
 * <p>A scenario file is JSON (documented in {@code controllers/README.md}):
 * <pre>
 * {"scenarios": [
 *   {"name": "nominal", "delta": 0.0, "weather_seeds": [101, 102], "days": 40, "start": "2024-02-01T00:00:00Z"},
 *   {"name": "delta-20", "delta": 0.2, "weather_seeds": [101, 102], "days": 40, "start": "2024-02-01T00:00:00Z"}
 * ]}
 * </pre>
 * {@code delta} is δ of {@link GreenhouseSeason#run(GreenhouseController, dev.plantctl.models.greenhouse.WeatherSource,
 * dev.plantctl.models.greenhouse.GreenhouseParameters, double, long, int, java.time.Duration)}, in [0, 1);
 * {@code days} ≥ 1; {@code start} an ISO-8601 instant; {@code weather_seeds} at least one.
 *
 * @param name         the set's name in bench.json
 * @param delta        relative half-width of the per-step parameter perturbation
 * @param weatherSeeds one season per seed
 * @param days         the season's length
 * @param start        the season's first control instant
 */
public record BenchScenario(String name, double delta, List<Long> weatherSeeds, int days, Instant start) {

    /** The weather seeds of the default bench. */
    public static final List<Long> DEFAULT_SEEDS = List.of(101L, 102L);
    /** The weather seeds of the full bench. */
    public static final List<Long> FULL_SEEDS = List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L);
    /** δ of the default scenario sets after the nominal one. */
    public static final List<Double> DELTAS = List.of(0.05, 0.10, 0.20, 0.30);

    /** @throws IllegalArgumentException when a field is out of range, naming it */
    public BenchScenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        weatherSeeds = List.copyOf(weatherSeeds);
        if (!(delta >= 0 && delta < 1)) {
            throw new IllegalArgumentException("scenario '" + name + "': delta must lie in [0, 1): " + delta);
        }
        if (weatherSeeds.isEmpty()) {
            throw new IllegalArgumentException("scenario '" + name + "': weather_seeds is empty");
        }
        if (days < 1) {
            throw new IllegalArgumentException("scenario '" + name + "': days must be >= 1: " + days);
        }
    }

    /** The default sets: nominal and δ ∈ {5, 10, 20, 30 %}, 40-day seasons from 1 February, the given seeds. */
    public static List<BenchScenario> defaults(List<Long> seeds, int days) {
        List<BenchScenario> out = new ArrayList<>();
        out.add(new BenchScenario("nominal", 0, seeds, days, SyntheticWeather.SEASON_START));
        for (double d : DELTAS) {
            out.add(new BenchScenario("delta-" + Math.round(100 * d), d, seeds, days, SyntheticWeather.SEASON_START));
        }
        return out;
    }

    /**
     * Reads a scenario file.
     *
     * @throws IllegalArgumentException when the file is malformed, naming the file, the scenario and the field
     */
    public static List<BenchScenario> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode list = root == null ? null : root.get("scenarios");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(file + ": needs a non-empty array 'scenarios'");
        }
        List<BenchScenario> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String where = file + ": scenarios[" + i + "]";
            String name = text(s, "name", where);
            JsonNode seeds = s.get("weather_seeds");
            if (seeds == null || !seeds.isArray()) {
                throw new IllegalArgumentException(where + ": needs an array 'weather_seeds'");
            }
            List<Long> seedList = new ArrayList<>();
            for (JsonNode n : seeds) {
                if (!n.canConvertToLong()) {
                    throw new IllegalArgumentException(where + ": weather seed '" + n + "' is not an integer");
                }
                seedList.add(n.asLong());
            }
            JsonNode delta = s.get("delta");
            JsonNode days = s.get("days");
            if (delta == null || !delta.isNumber()) {
                throw new IllegalArgumentException(where + ": needs a number 'delta'");
            }
            if (days == null || !days.canConvertToInt()) {
                throw new IllegalArgumentException(where + ": needs an integer 'days'");
            }
            Instant start;
            try {
                start = s.has("start") ? Instant.parse(text(s, "start", where)) : SyntheticWeather.SEASON_START;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ": 'start' is not an ISO-8601 instant: " + s.get("start"));
            }
            try {
                out.add(new BenchScenario(name, delta.asDouble(), seedList, days.asInt(), start));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static String text(JsonNode s, String field, String where) {
        JsonNode n = s.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(where + ": needs a string '" + field + "'");
        }
        return n.asText();
    }
}
