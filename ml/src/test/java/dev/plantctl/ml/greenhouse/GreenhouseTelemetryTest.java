package dev.plantctl.ml.greenhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.ml.data.Transition;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GreenhouseTelemetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Telemetry as a climate computer would log it: sensor units, one row per control instant. */
    private static String row(Transition t, boolean next) {
        ClimateState s = GreenhouseDynamics.climateState(next ? t.next() : t.state());
        double[] e = t.exogenous();
        Weather w = new Weather(e[0], 7.5e-4, e[1], e[2]);
        ObjectNode n = JSON.createObjectNode();
        n.put("time", (next ? t.time().plus(GreenhouseDynamics.STEP) : t.time()).toString());
        n.put("unit", t.unit());
        GreenhouseSignals.sensorValues(s, w).forEach(n::put);
        double[] u = t.action();
        n.put(GreenhouseSignals.HEATING, u[2]);
        n.put(GreenhouseSignals.VENTILATION, u[1]);
        n.put(GreenhouseSignals.CO2_SUPPLY, u[0]);
        return n.toString();
    }

    @Test
    void consecutiveRowsOfAUnitBecomeTransitionsInModelUnits(@TempDir Path dir) throws Exception {
        TransitionSet sim = GreenhouseCollector.builder().duration(GreenhouseDynamics.STEP.multipliedBy(8))
                .behaviour((time, state, weather, previous) -> new Controls(0.3, 1, 60), "const").noise(0).seed(2).build()
                .collect();
        List<String> lines = new ArrayList<>();
        for (Transition t : sim.transitions()) {
            lines.add(row(t, false));
        }
        lines.remove(4);
        Path file = dir.resolve("telemetry.jsonl");
        Files.write(file, lines);

        TransitionSet read = GreenhouseTelemetry.read(file);
        assertThat(read.size()).as("8 rows minus one make 7 rows: 5 consecutive pairs").isEqualTo(5);
        for (Transition t : read.transitions()) {
            Transition truth = sim.transitions().stream().filter(s -> s.time().equals(t.time())).findFirst()
                    .orElseThrow();
            for (int j = 0; j < 4; j++) {
                assertThat(t.state(j)).isCloseTo(truth.state(j), within(1e-9 * (1 + Math.abs(truth.state(j)))));
                assertThat(t.next(j)).isCloseTo(truth.next(j), within(1e-9 * (1 + Math.abs(truth.next(j)))));
            }
            assertThat(t.action()).containsExactly(0.3, 1.0, 60.0);
        }
        assertThat(read.source()).contains("telemetry telemetry.jsonl (7 rows, 1 unit(s))");
    }

    @Test
    void refusesARowWithoutATagNamingFileLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "\n{\"time\":\"2024-02-01T00:00:00Z\",\"unit\":\"c1\",\"air_temperature\":15}\n");
        assertThatThrownBy(() -> GreenhouseTelemetry.read(file))
                .hasMessage(file + ":2: field 'co2' missing or not a finite number");
    }
}
