package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.dashboards.grafana.DashboardQuery;
import dev.plantctl.dashboards.grafana.Dashboards;
import dev.plantctl.testing.InfluxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a demo run that writes to a real InfluxDB, every query of every dashboard (panels, annotations, template
 * variables), with each template variable's query returning values and the variables set to "All" as the dashboards
 * open, {@code $timeFilter} covering the run
 * and {@code $__interval} one control period, returns data. The demo runs on a tag map whose outside humidity range
 * ends at 80 %, so that some readings become dead letters and the dead-letter panels have data too.
 *
 * <p>The printer farm dashboard is checked for data once {@code plantctl demo --plant printer} exists; until then its
 * queries must still run without an error (valid InfluxQL on the real server), and {@code DashboardSchemaTest}
 * checks that they name only what the schema writes.
 */
class DashboardQueriesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "plantctl";
    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final double SIM_HOURS = 12;
    /** The value of a variable with "All" selected (the dashboards' allValue). */
    private static final String ALL = ".*";
    private static final String PRINTER_DASHBOARD = "plantctl-printer-farm";

    private static InfluxServer influx;

    @BeforeAll
    static void runTheDemoWritingToInfluxDb(@TempDir Path dir) throws IOException {
        influx = InfluxServer.builder().start();
        Path tagMap = dir.resolve("greenhouse-strict-humidity.yaml");
        try (InputStream in = DashboardQueriesIT.class.getResourceAsStream("/tagmaps/greenhouse.yaml")) {
            String embedded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String strict = embedded.replaceFirst("(outside_relative_humidity:[^\\n]*\\n[^\\n]*\\n[^\\n]*\\n)"
                    + "    range: \\[0, 100\\]", "$1    range: [0, 80]");
            assertThat(strict).isNotEqualTo(embedded);
            Files.writeString(tagMap, strict);
        }
        List<String> args = List.of("--sim-hours", String.valueOf(SIM_HOURS), "--out", dir.resolve("out").toString(),
                "--influx", influx.url(), "--influx-db", DATABASE);
        List<String> greenhouse = new ArrayList<>(args);
        greenhouse.addAll(List.of("--tag-map", tagMap.toString()));
        assertThat(Plantctl.commandLine().execute(concat("demo", "--plant", "greenhouse", greenhouse))).isZero();
        if (printerDemoExists()) {
            assertThat(Plantctl.commandLine().execute(concat("demo", "--plant", "printer", args))).isZero();
        }
    }

    @AfterAll
    static void stopInfluxDb() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void everyQueryOfEveryDashboardReturnsData() throws IOException {
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (JsonNode dashboard : Dashboards.load()) {
            String uid = dashboard.path("uid").asText();
            boolean expectData = !PRINTER_DASHBOARD.equals(uid) || printerDemoExists();
            Map<String, String> variables = fillVariables(dashboard, expectData);
            for (DashboardQuery query : Dashboards.queries(dashboard)) {
                JsonNode answer = JSON.readTree(influx.query(DATABASE, resolve(query.influxQl(), variables)));
                JsonNode result = answer.path("results").path(0);
                assertThat(result.has("error")).as("%s: %s", query, result.path("error").asText()).isFalse();
                if (expectData && !hasValues(result)) {
                    empty.add(query + " (resolved: " + resolve(query.influxQl(), variables) + ")");
                }
                checked++;
            }
        }
        assertThat(empty).as("queries without data").isEmpty();
        assertThat(checked).isEqualTo(Dashboards.allQueries().size());
    }

    @Test
    void everyMeasurementOfTheGreenhouseJobIsWritten() throws IOException {
        JsonNode answer = JSON.readTree(influx.query(DATABASE, "SHOW MEASUREMENTS"));
        List<String> written = new ArrayList<>();
        answer.path("results").path(0).path("series").path(0).path("values").forEach(v -> written.add(v.path(0).asText()));
        assertThat(written).contains("reading", "observation", "comfort_band", "decision", "setpoint", "explanation",
                "shield_intervention", "dead_letter", "pipeline_health", "model_health");
        JsonNode decisions = JSON.readTree(influx.query(DATABASE,
                "SELECT count(\"uncertainty\") FROM \"decision\" WHERE \"plant\" = 'greenhouse'"));
        assertThat(decisions.path("results").path(0).path("series").path(0).path("values").path(0).path(1).asLong())
                .isEqualTo(Math.round(SIM_HOURS * 4));
    }

    /** Template variables in dashboard order, each filled with the first value its query returns. */
    private static Map<String, String> fillVariables(JsonNode dashboard, boolean expectData) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            JsonNode answer = JSON.readTree(influx.query(DATABASE, resolve(variable.path("query").asText(), values)));
            JsonNode first = answer.path("results").path(0).path("series").path(0).path("values").path(0);
            if (expectData) {
                assertThat(first.isMissingNode()).as("variable %s of %s has values", name,
                        dashboard.path("uid").asText()).isFalse();
            }
            // The dashboards open with "All" (allValue .*) selected, and so does this test: a panel must show data for
            // what an operator sees first. Variables that come after see this value in their own query.
            values.put(name, ALL);
        }
        return values;
    }

    /** The query as Grafana would send it for a time range covering the run. */
    private static String resolve(String influxQl, Map<String, String> variables) {
        Instant end = START.plusSeconds(Math.round(SIM_HOURS * 3600) + 3600);
        String q = influxQl.replace("$timeFilter", "time >= " + START.minusSeconds(3600).toEpochMilli()
                + "ms and time <= " + end.toEpochMilli() + "ms").replace("$__interval", "15m");
        for (Map.Entry<String, String> v : variables.entrySet()) {
            q = q.replace("$" + v.getKey(), v.getValue());
        }
        return q;
    }

    private static boolean hasValues(JsonNode result) {
        for (JsonNode series : result.path("series")) {
            if (series.path("values").size() > 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean printerDemoExists() {
        return Arrays.stream(DemoCommand.Plant.values()).anyMatch(p -> p.name().equals("printer"));
    }

    private static String[] concat(String command, String option, String value, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(command, option, value));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }
}
