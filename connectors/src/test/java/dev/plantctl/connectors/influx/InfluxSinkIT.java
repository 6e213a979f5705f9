package dev.plantctl.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.Secret;
import dev.plantctl.testing.InfluxServer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The InfluxDB sink against a real InfluxDB: credentials from a file, and points the server refuses (a field type
 * conflict poisoned into the database, refused credentials) going to the dead-letter file with the server's reason
 * while the job finishes and every good point lands.
 */
class InfluxSinkIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void writesWithCredentialsFromAFileAndDeadLettersWhatARefusalNames(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().admin("plantctl", "pw-from-file").start()) {
            influx.createDatabase("plant");
            Path password = Files.writeString(dir.resolve("influx-password"), "pw-from-file\n");
            InfluxSink sink = sink(influx, dir.resolve("ok"), 100).credentials("plantctl", Secret.fromFile(password))
                    .build();
            List<InfluxPoint> points = IntStream.range(0, 250)
                    .mapToObj(i -> InfluxPoint.of("temp", Map.of("unit", "c1"), "value", (double) i, T0.plusSeconds(i)))
                    .toList();
            run(points, sink);
            assertThat(influx.query("plant", "SELECT count(value) FROM temp")).contains(",250]");
            assertThat(Files.exists(dir.resolve("ok/dead-letters.jsonl"))).isFalse();
            assertThat(InfluxSinkReport.read(dir.resolve("ok/spill")).pointsWritten()).isEqualTo(250);

            Path wrong = Files.writeString(dir.resolve("influx-password-old"), "old");
            InfluxSink wrongPassword = sink(influx, dir.resolve("wrong"), 100)
                    .credentials("plantctl", Secret.fromFile(wrong)).build();
            run(points, wrongPassword);
            List<JsonNode> refused = deadLetters(dir.resolve("wrong/dead-letters.jsonl"));
            assertThat(refused).hasSize(250);
            assertThat(refused).allSatisfy(d -> {
                assertThat(d.path("status").asInt()).isEqualTo(401);
                assertThat(d.path("error").asText()).contains("authorization failed");
            });
            InfluxSinkReport report = InfluxSinkReport.read(dir.resolve("wrong/spill"));
            assertThat(report.pointsDeadLettered()).isEqualTo(250);
            assertThat(report.problems()).singleElement().asString()
                    .contains("250 points refused by InfluxDB at " + influx.url())
                    .contains("authorization failed").contains("dead-letters.jsonl");
        }
    }

    @Test
    void aFieldTypeConflictDeadLettersThePoisonedPointsWhileTheOthersLand(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("plant");
            // The poison: reading.value becomes a string field in this shard; every float value now conflicts.
            influx.write("plant", "reading,unit=c0 value=\"poison\" " + T0.toEpochMilli() * 1_000_000);
            List<InfluxPoint> points = new ArrayList<>();
            List<String> poisoned = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                InfluxPoint p = i % 10 == 3
                        ? InfluxPoint.of("reading", Map.of("unit", "c1"), "value", (double) i, T0.plusSeconds(i))
                        : InfluxPoint.of("temp", Map.of("unit", "c1"), "value", (double) i, T0.plusSeconds(i));
                points.add(p);
                if (p.measurement().equals("reading")) {
                    poisoned.add(p.toLineProtocol());
                }
            }
            run(points, sink(influx, dir, 200).build());

            assertThat(influx.query("plant", "SELECT count(value) FROM temp")).contains(",900]");
            List<JsonNode> refused = deadLetters(dir.resolve("dead-letters.jsonl"));
            assertThat(refused).extracting(d -> d.path("point").asText()).containsExactlyInAnyOrderElementsOf(poisoned);
            assertThat(refused).allSatisfy(d -> {
                assertThat(d.path("status").asInt()).isEqualTo(400);
                assertThat(d.path("error").asText()).contains("field type conflict")
                        .contains("on measurement \"reading\"");
                assertThat(d.path("server").asText()).isEqualTo(influx.url());
                assertThat(Instant.parse(d.path("time").asText())).isAfter(T0);
            });
            InfluxSinkReport report = InfluxSinkReport.read(dir.resolve("spill"));
            assertThat(report.pointsWritten()).isEqualTo(900);
            assertThat(report.pointsDeadLettered()).isEqualTo(100);
            assertThat(report.problems()).singleElement().asString()
                    .startsWith("telemetry: 100 points refused by InfluxDB at " + influx.url() + ": partial write: "
                            + "field type conflict").doesNotContain("dropped=")
                    .endsWith("-> " + dir.resolve("dead-letters.jsonl"));
        }
    }

    static InfluxSink.Builder sink(InfluxServer influx, Path dir, int batchSize) {
        return InfluxSink.builder().url(influx.url()).database("plant").allowInsecure().batchSize(batchSize)
                .deadLetterFile(dir.resolve("dead-letters.jsonl")).spillDirectory(dir.resolve("spill"));
    }

    static List<JsonNode> deadLetters(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static void run(List<InfluxPoint> points, InfluxSink sink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(points).sinkTo(sink);
        env.execute("influx-sink-it");
    }
}
