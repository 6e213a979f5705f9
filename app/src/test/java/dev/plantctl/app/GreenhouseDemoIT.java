package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo command end to end: its files honour the contracts of DESIGN.md. */
class GreenhouseDemoIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void demoWritesSummaryAndOneValidExplanationPerDecision(@TempDir Path out) throws Exception {
        GreenhouseDemo.Result result = new GreenhouseDemo(6, 1, 3, 1, out.resolve("greenhouse"), null).run();
        assertThat(result.problems()).isEmpty();

        JsonNode summary = JSON.readTree(out.resolve("greenhouse/summary.json").toFile());
        for (String field : List.of("plant", "controller", "sim_hours", "decisions", "setpoints_written",
                "setpoints_rejected", "explanations", "dead_letters", "kpi")) {
            assertThat(summary.has(field)).as("summary.json field %s", field).isTrue();
        }
        for (String kpi : List.of("net_profit_eur_m2", "crop_value_eur_m2", "heating_eur_m2", "co2_eur_m2",
                "temp_violation_degree_hours", "co2_violation_ppm_hours", "rh_violation_pct_hours")) {
            assertThat(summary.path("kpi").path(kpi).isNumber()).as("kpi %s", kpi).isTrue();
        }
        assertThat(summary.path("decisions").asLong()).isEqualTo(24);
        assertThat(summary.path("setpoints_written").asLong()).isEqualTo(3 * 24);
        assertThat(summary.path("setpoints_rejected").asLong()).isZero();
        assertThat(summary.path("explanations").asLong()).isEqualTo(24);
        assertThat(summary.path("dead_letters_by_reason").isObject()).isTrue();

        List<String> lines = Files.readAllLines(out.resolve("greenhouse/explanations.jsonl"));
        assertThat(lines).hasSize(24);
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.path("summary").asText()).isNotBlank();
            assertThat(e.path("factors").size()).isPositive();
            assertThat(e.path("setpoints").size()).isEqualTo(3);
        }
        assertThat(Files.readString(out.resolve("greenhouse/report.md"))).contains("| decisions | 24 |");
    }

    @Test
    void everyCommandAndOptionIsExplainedInTheHelp() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new Plantctl()).setOut(new PrintWriter(text));
        assertThat(cli.execute("help", "demo")).isZero();
        assertThat(cli.execute("help", "sim")).isZero();
        assertThat(text.toString()).contains("--sim-hours", "--out", "--plant", "--compartments", "--tag-map", "--clock",
                "--port", "--speed", "--lockstep-timeout");
    }

    @Test
    void badOptionsAreRefusedWithAMessage() {
        StringWriter err = new StringWriter();
        CommandLine cli = Plantctl.commandLine().setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--plant", "bakery")).isNotZero();
        assertThat(err.toString()).contains("bakery");
        assertThat(cli.execute("demo", "--sim-hours", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("plantctl: --sim-hours must lie in (0, 8760], got -1.0")
                .doesNotContain("\tat ");
    }
}
