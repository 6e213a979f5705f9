package dev.plantctl.controllers.greenhouse;

import dev.plantctl.models.greenhouse.ComfortBand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GreenhouseBenchTest {

    @Test
    void readsAScenarioFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        Files.writeString(file, """
                {"scenarios": [
                  {"name": "nominal", "delta": 0.0, "weather_seeds": [1, 2], "days": 3},
                  {"name": "d20", "delta": 0.2, "weather_seeds": [5], "days": 1, "start": "2024-03-01T00:00:00Z"}
                ]}""");
        List<BenchScenario> s = BenchScenario.read(file);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).weatherSeeds()).containsExactly(1L, 2L);
        assertThat(s.get(1).delta()).isEqualTo(0.2);
        assertThat(s.get(1).start()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }

    @Test
    void aBadScenarioNamesTheFileTheEntryAndTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"scenarios": [
                  {"name": "ok", "delta": 0.0, "weather_seeds": [1], "days": 3},
                  {"name": "huge", "delta": 1.5, "weather_seeds": [1], "days": 3}
                ]}""");
        assertThatThrownBy(() -> BenchScenario.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json: scenarios[1]").hasMessageContaining("delta");
        Files.writeString(file, "{\"scenarios\": [{\"name\": \"x\", \"delta\": 0, \"days\": 3}]}");
        assertThatThrownBy(() -> BenchScenario.read(file)).hasMessageContaining("scenarios[0]: needs an array 'weather_seeds'");
    }

    @Test
    void cvarIsTheMeanOfTheWorstTenthAtLeastOne() {
        assertThat(GreenhouseBench.cvar10(List.of(3.0, -1.0, 2.0))).isEqualTo(-1.0);
        List<Double> twenty = java.util.stream.IntStream.rangeClosed(1, 20).mapToObj(i -> (double) i).toList();
        assertThat(GreenhouseBench.cvar10(twenty)).isEqualTo(1.5);
    }

    @Test
    void perturbedSeasonsDifferFromTheNominalAndRepeatForASeed() throws Exception {
        GreenhouseBench.Contender rules = new GreenhouseBench.Contender("rule-based", 0,
                w -> new RuleBasedGrowerController(GreenhouseBench.STEP, ComfortBand.benchmark(),
                        new GreenhouseSafetyShield(ComfortBand.benchmark())));
        List<BenchScenario> sets = List.of(
                new BenchScenario("nominal", 0, List.of(7L), 2, Instant.parse("2024-02-01T00:00:00Z")),
                new BenchScenario("d30", 0.3, List.of(7L), 2, Instant.parse("2024-02-01T00:00:00Z")),
                new BenchScenario("d30-again", 0.3, List.of(7L), 2, Instant.parse("2024-02-01T00:00:00Z")));
        List<GreenhouseBench.Row> rows = new GreenhouseBench().run(List.of(rules), sets, r -> { });
        assertThat(rows.get(1).meanProfit()).isNotCloseTo(rows.get(0).meanProfit(), within(1e-6));
        assertThat(rows.get(2).meanProfit()).isEqualTo(rows.get(1).meanProfit());
        assertThat(rows.get(0).latencyMeanMicros()).isPositive();
        assertThat(rows.get(0).realSteps()).isZero();
        assertThat(Duration.ofDays(2).dividedBy(GreenhouseBench.STEP)).isEqualTo(192);
    }
}
