package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plantctl bench greenhouse} on a one-day scenario file with the shipped policies: every controller on
 * every set in bench.json with the figures the issue asks for, a PNG, and the HTML report showing both.
 */
class GreenhouseBenchCommandIT {

    @Test
    void writesBenchJsonForEveryControllerAndScenarioAndAChart(@TempDir Path dir) throws Exception {
        Path scenarios = dir.resolve("scenarios.json");
        Files.writeString(scenarios, """
                {"scenarios": [
                  {"name": "nominal", "delta": 0.0, "weather_seeds": [5], "days": 1},
                  {"name": "delta-20", "delta": 0.2, "weather_seeds": [5, 6], "days": 1}
                ]}""");
        Path out = dir.resolve("bench");
        int code = new CommandLine(new GreenhouseBenchCommand())
                .execute("--out", out.toString(), "--scenarios", scenarios.toString());
        assertThat(code).isZero();

        JsonNode bench = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        List<String> rows = new ArrayList<>();
        for (JsonNode r : bench.get("results")) {
            rows.add(r.get("scenario").asText() + "/" + r.get("controller").asText());
            assertThat(r.get("net_profit_eur_m2").size()).isEqualTo(r.get("seasons").asInt());
            for (String field : List.of("mean_net_profit_eur_m2", "cvar10_net_profit_eur_m2",
                    "real_env_steps_in_training", "decision_latency_mean_us", "fallback_share")) {
                assertThat(r.get(field).isNumber()).as(field).isTrue();
            }
            assertThat(r.get("violations").get("temp_degree_hours").isNumber()).isTrue();
            assertThat(r.get("cvar10_net_profit_eur_m2").asDouble())
                    .isLessThanOrEqualTo(r.get("mean_net_profit_eur_m2").asDouble());
        }
        List<String> controllers = List.of("all-off", "rule-based", "mpc-true-model", "model-free", "mbrl-plain",
                "mbrl-robust", GreenhouseBenchCommand.ROBUST_WITHOUT_FORECAST);
        List<String> expected = new ArrayList<>();
        for (String s : List.of("nominal", "delta-20")) {
            controllers.forEach(c -> expected.add(s + "/" + c));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
        JsonNode robust = bench.get("results").get(5);
        assertThat(robust.get("real_env_steps_in_training").asLong())
                .isEqualTo(MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + "mbrl-robust/").realSteps());
        assertThat(bench.get("normalised_score_nominal").get("mpc-true-model").asDouble()).isEqualTo(1.0);
        assertThat(bench.get("learning_curves").get("model-free").size()).isPositive();

        byte[] png = Files.readAllBytes(out.resolve("profit-vs-delta.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("<img src=\"profit-vs-delta.png\"").contains("delta-20 · mbrl-robust")
                .contains("normalised score, nominal · mpc-true-model</th><td>1.00");
    }
}
