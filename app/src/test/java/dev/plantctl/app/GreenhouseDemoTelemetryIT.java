package dev.plantctl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.testing.InfluxServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control first, telemetry second (issue 21): the 48 h greenhouse demo with InfluxDB poisoned by a field type
 * conflict, and with InfluxDB stopped or hung for hours of simulated time, makes every decision (a demo runs with no
 * restarts: a task failure would end it), its KPIs match a run without InfluxDB, the refused points are in the
 * dead-letter file with the server's reason, and the points of the outage arrive after it.
 */
class GreenhouseDemoTelemetryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double SIM_HOURS = 48;
    private static final long DECISIONS = 192;
    private static final long SEED = 1;

    private static Map<String, Object> baseline;

    @BeforeAll
    static void runWithoutInfluxDb(@TempDir Path dir) throws Exception {
        GreenhouseDemo.Result result = demo(dir).run();
        assertThat(result.problems()).isEmpty();
        assertThat(result.summary().get("decisions")).isEqualTo(DECISIONS);
        baseline = kpis(result);
    }

    @Test
    void aPoisonedDatabaseLosesTheRefusedPointsToTheDeadLetterFileAndNothingElse(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("plantctl");
            // A string-typed reading.value in each shard the demo writes to (InfluxDB 1.x keeps field types per
            // shard, 7 days from a Monday: the demo's 48 h from Sunday 1 February span two): every float reading
            // now conflicts.
            for (String day : List.of("2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z")) {
                influx.write("plantctl", "reading,plant=greenhouse,unit=c1,tag=poison,quality=GOOD value=\"poison\" "
                        + Instant.parse(day).toEpochMilli() * 1_000_000);
            }
            GreenhouseDemo.Result result = demo(dir).telemetry(DemoTelemetry.target(influx.url(), "plantctl", dir))
                    .run();

            assertThat(result.problems()).isEmpty();
            assertThat(result.summary().get("decisions")).isEqualTo(DECISIONS);
            assertWithinOnePercentOfTheBaseline(kpis(result));

            JsonNode telemetry = JSON.readTree(dir.resolve("summary.json").toFile()).path("telemetry");
            long readings = ((Number) result.summary().get("readings")).longValue();
            List<String> deadLetters = Files.readAllLines(dir.resolve("telemetry-dead-letters.jsonl"));
            assertThat(deadLetters).hasSize((int) readings);
            assertThat(telemetry.path("points_dead_lettered").asLong()).isEqualTo(readings);
            for (String line : deadLetters) {
                JsonNode d = JSON.readTree(line);
                assertThat(d.path("point").asText()).startsWith("reading,plant=greenhouse,");
                assertThat(d.path("status").asInt()).isEqualTo(400);
                assertThat(d.path("error").asText()).contains("field type conflict").contains("\"reading\"");
            }
            assertThat(count(influx, "decision", "setpoints")).as("the other points landed").isEqualTo(DECISIONS);
            assertThat(count(influx, "reading", "value")).as("only the poison").isEqualTo(2);
            assertThat(telemetry.path("points_written").asLong()).isPositive();
            assertThat(telemetry.path("points_dropped").asLong()).isZero();
            assertThat(result.telemetryProblems()).singleElement().asString()
                    .startsWith("telemetry: " + String.format("%,d", readings) + " points refused by InfluxDB at "
                            + influx.url() + ": partial write: field type conflict")
                    .endsWith("-> " + dir.resolve("telemetry-dead-letters.jsonl"));
            assertThat(result.text()).contains(readings + " refused");
            System.out.printf("poisoned: %s decisions, %s points dead-lettered, %s written, KPIs %s, identical to the "
                            + "baseline: %s%n", result.summary().get("decisions"), readings,
                    telemetry.path("points_written"), kpis(result), kpis(result).equals(baseline));
        }
    }

    @Test
    void anInfluxDbStoppedForHoursOfSimulatedTimeGetsEveryPointAfterwards(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            Outage outage = runWithOutage(dir, influx, influx::stop, influx::start);
            GreenhouseDemo.Result result = outage.result();
            assertEveryDecisionAndEveryPoint(result, influx);

            JsonNode telemetry = JSON.readTree(dir.resolve("summary.json").toFile()).path("telemetry");
            assertThat(telemetry.path("outages").asLong()).isPositive();
            assertThat(telemetry.path("points_spilled").asLong()).isPositive();
            assertThat(telemetry.path("points_drained").asLong()).isEqualTo(telemetry.path("points_spilled").asLong());
            assertThat(result.telemetryProblems()).singleElement().asString()
                    .contains("telemetry: InfluxDB at " + influx.url() + " unreachable for")
                    .contains("points spilled, all drained");
            System.out.printf("outage of %s simulated: %s decisions, %s spilled, %s drained, unreachable %s s, "
                            + "KPIs %s, identical to the baseline: %s%n", outage.length(),
                    result.summary().get("decisions"), telemetry.path("points_spilled"),
                    telemetry.path("points_drained"), telemetry.path("unreachable_seconds"), kpis(result),
                    kpis(result).equals(baseline));
        }
    }

    /** A hung server (SIGSTOP: connections open, no answer) holds up no decision either. */
    @Test
    void anInfluxDbThatHangsForHoursOfSimulatedTimeHoldsUpNoDecision(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            Outage outage = runWithOutage(dir, influx, influx::pause, influx::resume);
            assertEveryDecisionAndEveryPoint(outage.result(), influx);
            JsonNode telemetry = JSON.readTree(dir.resolve("summary.json").toFile()).path("telemetry");
            System.out.printf("hang of %s simulated: %s decisions, %s spilled, %s drained, KPIs identical to the "
                            + "baseline: %s%n", outage.length(), outage.result().summary().get("decisions"),
                    telemetry.path("points_spilled"), telemetry.path("points_drained"),
                    kpis(outage.result()).equals(baseline));
        }
    }

    /** What a demo run with InfluxDB down for a while gave, and how long InfluxDB was down in simulated time. */
    private record Outage(GreenhouseDemo.Result result, Duration length) { }

    /**
     * Runs the demo writing to InfluxDB, takes InfluxDB down 6 simulated hours in and brings it back 6 simulated
     * hours later (at least), while the demo runs.
     */
    private static Outage runWithOutage(Path dir, InfluxServer influx, Runnable down, Runnable up) throws Exception {
        AtomicReference<Instant> downAt = new AtomicReference<>();
        AtomicReference<Instant> upAt = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        GreenhouseDemo demo = demo(dir).telemetry(DemoTelemetry.target(influx.url(), "plantctl", dir))
                .whileRunning(server -> {
                    Thread outage = new Thread(() -> {
                        try {
                            Instant t0 = server.simulatedTime();
                            assertThat(server.awaitSimulatedTime(t0.plus(Duration.ofHours(6)),
                                    Duration.ofSeconds(90))).isTrue();
                            down.run();
                            downAt.set(server.simulatedTime());
                            server.awaitSimulatedTime(downAt.get().plus(Duration.ofHours(6)), Duration.ofSeconds(90));
                            up.run();
                            upAt.set(server.simulatedTime());
                        } catch (Throwable e) {
                            failure.set(e);
                        }
                    }, "influx-outage");
                    outage.setDaemon(true);
                    outage.start();
                });
        GreenhouseDemo.Result result = demo.run();
        assertThat(failure.get()).isNull();
        assertThat(upAt.get()).as("InfluxDB came back while the demo ran").isNotNull();
        Duration length = Duration.between(downAt.get(), upAt.get());
        assertThat(length).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
        return new Outage(result, length);
    }

    private static void assertEveryDecisionAndEveryPoint(GreenhouseDemo.Result result, InfluxServer influx)
            throws Exception {
        assertThat(result.problems()).isEmpty();
        assertThat(result.summary().get("decisions")).isEqualTo(DECISIONS);
        assertWithinOnePercentOfTheBaseline(kpis(result));
        @SuppressWarnings("unchecked")
        Map<String, Object> telemetry = (Map<String, Object>) result.summary().get("telemetry");
        assertThat(telemetry.get("points_left_in_spill")).isEqualTo(0L);
        assertThat(telemetry.get("points_dropped")).isEqualTo(0L);
        assertThat(telemetry.get("points_dead_lettered")).isEqualTo(0L);
        long readings = ((Number) result.summary().get("readings")).longValue();
        assertThat(count(influx, "decision", "setpoints")).isEqualTo(DECISIONS);
        assertThat(count(influx, "reading", "value")).isEqualTo(readings);
    }

    /** The done-when of issue 21; the lockstep plant is deterministic, so they are the same to the last digit. */
    private static void assertWithinOnePercentOfTheBaseline(Map<String, Object> kpis) {
        assertThat(kpis.keySet()).isEqualTo(baseline.keySet());
        baseline.forEach((k, v) -> {
            double expected = ((Number) v).doubleValue();
            double actual = ((Number) kpis.get(k)).doubleValue();
            assertThat(Math.abs(actual - expected)).as("KPI %s: %s against %s without InfluxDB", k, actual, expected)
                    .isLessThanOrEqualTo(0.01 * Math.abs(expected) + 1e-12);
        });
    }

    private static GreenhouseDemo demo(Path dir) {
        return new GreenhouseDemo(SIM_HOURS, 1, SEED, 1, dir, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kpis(GreenhouseDemo.Result result) {
        return (Map<String, Object>) result.summary().get("kpi");
    }

    private static long count(InfluxServer influx, String measurement, String field) throws Exception {
        JsonNode series = JSON.readTree(influx.query("plantctl", "SELECT count(\"" + field + "\") FROM \""
                + measurement + "\"")).path("results").path(0).path("series");
        return series.isEmpty() ? 0 : series.path(0).path("values").path(0).path(1).asLong();
    }
}
