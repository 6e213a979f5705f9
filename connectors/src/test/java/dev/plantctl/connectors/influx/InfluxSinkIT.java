package dev.plantctl.connectors.influx;

import dev.plantctl.connectors.Secret;
import dev.plantctl.testing.InfluxServer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The InfluxDB sink against a real InfluxDB with authentication on. */
class InfluxSinkIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void writesWithCredentialsFromAFileAndQuotesTheLineARefusalNames(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().admin("plantctl", "pw-from-file").start()) {
            influx.createDatabase("plant");
            Path password = dir.resolve("influx-password");
            Files.writeString(password, "pw-from-file\n");
            InfluxSink sink = InfluxSink.builder().url(influx.url()).database("plant").allowInsecure()
                    .credentials("plantctl", Secret.fromFile(password)).batchSize(100).build();

            List<InfluxPoint> points = IntStream.range(0, 250)
                    .mapToObj(i -> InfluxPoint.of("temp", Map.of("unit", "c1"), "value", (double) i, T0.plusSeconds(i)))
                    .toList();
            run(points, sink);
            assertThat(influx.query("plant", "SELECT count(value) FROM temp")).contains(",250]");

            // value is a float field now; an integer is a field type conflict, refused with a 400.
            List<InfluxPoint> conflicting = List.of(InfluxPoint.of("temp", Map.of("unit", "c1"), "value", 7L, T0));
            assertThatThrownBy(() -> run(conflicting, sink))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("HTTP 400").contains("field type conflict")
                            .contains("offending line: temp,unit=c1 value=7i"));

            Path wrong = Files.writeString(dir.resolve("influx-password-old"), "old");
            InfluxSink wrongPassword = InfluxSink.builder().url(influx.url()).database("plant").allowInsecure()
                    .credentials("plantctl", Secret.fromFile(wrong)).build();
            assertThatThrownBy(() -> run(points, wrongPassword))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("refused the credentials (HTTP 401)"));
        }
    }

    private static void run(List<InfluxPoint> points, InfluxSink sink) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(points).sinkTo(sink);
        env.execute("influx-sink-it");
    }
}
