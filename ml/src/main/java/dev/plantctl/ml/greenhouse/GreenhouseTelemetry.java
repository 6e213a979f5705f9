package dev.plantctl.ml.greenhouse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.ml.data.Transition;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns recorded greenhouse telemetry into transitions. The telemetry file is UTF-8 JSON lines, one object per
 * compartment and control instant, with the sensor and actuator tags of {@link GreenhouseSignals} in their
 * units (documented in {@code ml/README.md}):
 * <pre>
 * {"time":"2024-02-01T00:15:00Z","unit":"c1","air_temperature":14.2,"co2":612.0,"relative_humidity":78.5,
 *  "radiation":0.0,"outside_temperature":3.1,"outside_relative_humidity":88.0,"crop_dry_weight":0.0036,
 *  "heating":60.0,"ventilation":0.4,"co2_supply":0.0}
 * </pre>
 * The actuator values of a row are those applied from its time on, for one control period. A row and the row of
 * the same unit one {@link GreenhouseDynamics#STEP} later make a transition; a row without a successor (a gap, the
 * end) gives none. Sensor units are converted to the model's with {@link ClimateSensors} (CO₂ and relative
 * humidity at the air temperature, outside humidity at the outside temperature); relative humidity reads at most
 * 100 %, so supersaturated air comes back as saturated.
 */
public final class GreenhouseTelemetry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TAGS = List.of(GreenhouseSignals.AIR_TEMPERATURE, GreenhouseSignals.CO2,
            GreenhouseSignals.RELATIVE_HUMIDITY, GreenhouseSignals.RADIATION, GreenhouseSignals.OUTSIDE_TEMPERATURE,
            GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY, GreenhouseSignals.CROP_DRY_WEIGHT, GreenhouseSignals.HEATING,
            GreenhouseSignals.VENTILATION, GreenhouseSignals.CO2_SUPPLY);

    private GreenhouseTelemetry() {
    }

    private record Row(double[] state, double[] action, double[] exogenous) {
    }

    /**
     * Reads a telemetry file into transitions, unit by unit in time order.
     *
     * @throws IOException when the file cannot be read or a line is malformed, naming the file, line and field
     */
    public static TransitionSet read(Path file) throws IOException {
        Map<String, TreeMap<Instant, Row>> byUnit = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw error(file, lineNo, "not valid JSON: " + e.getOriginalMessage());
                }
                if (n == null || !n.isObject() || !n.path("unit").isTextual()) {
                    throw error(file, lineNo, "expected an object with a string field 'unit'");
                }
                Instant time;
                try {
                    time = Instant.parse(n.path("time").asText());
                } catch (DateTimeParseException e) {
                    throw error(file, lineNo, "field 'time': '" + n.path("time").asText()
                            + "' is not an ISO-8601 instant");
                }
                double[] v = new double[TAGS.size()];
                for (int i = 0; i < v.length; i++) {
                    JsonNode value = n.get(TAGS.get(i));
                    if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
                        throw error(file, lineNo, "field '" + TAGS.get(i) + "' missing or not a finite number");
                    }
                    v[i] = value.asDouble();
                }
                Row row;
                try {
                    row = row(v);
                } catch (IllegalArgumentException e) {
                    throw error(file, lineNo, e.getMessage());
                }
                if (byUnit.computeIfAbsent(n.get("unit").asText(), u -> new TreeMap<>()).put(time, row) != null) {
                    throw error(file, lineNo, "a second row for unit " + n.get("unit").asText() + " at " + time);
                }
            }
        }
        List<Transition> out = new ArrayList<>();
        int rows = 0;
        for (Map.Entry<String, TreeMap<Instant, Row>> unit : byUnit.entrySet()) {
            rows += unit.getValue().size();
            for (Map.Entry<Instant, Row> e : unit.getValue().entrySet()) {
                Row next = unit.getValue().get(e.getKey().plus(GreenhouseDynamics.STEP));
                if (next != null) {
                    Row now = e.getValue();
                    out.add(new Transition(unit.getKey(), e.getKey(), now.state, now.action, now.exogenous,
                            next.state));
                }
            }
        }
        return new TransitionSet(GreenhouseDynamics.SCHEMA, out, "telemetry " + file.getFileName() + " (" + rows
                + " rows, " + byUnit.size() + " unit(s))");
    }

    private static Row row(double[] v) {
        double temp = v[0];
        double outsideTemp = v[4];
        ClimateState state = new ClimateState(v[6], ClimateSensors.co2KgM3(v[1], temp), temp,
                ClimateSensors.absoluteHumidity(v[2], temp));
        return new Row(GreenhouseDynamics.state(state), new double[] {v[9], v[8], v[7]},
                new double[] {v[3], outsideTemp, ClimateSensors.absoluteHumidity(v[5], outsideTemp)});
    }

    private static IOException error(Path file, int lineNo, String problem) {
        return new IOException(file + ":" + lineNo + ": " + problem);
    }
}
