package dev.plantctl.connectors.influx;

import dev.plantctl.testing.Await;
import dev.plantctl.testing.InfluxServer;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * InfluxDB stopped in the middle of a stream: the job goes on without waiting, the points spill to disk, and once
 * the server is back every point arrives, counted on the server; what a job left in the spill, the next one drains.
 */
class InfluxSinkOutageIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int POINTS = 20_000;
    private static final int STOP_AT = 5_000;
    /** Counted down when the stream reached {@link #STOP_AT}; the stream waits for {@link #STOPPED} there. */
    private static final CountDownLatch HALFWAY = new CountDownLatch(1);
    private static final CountDownLatch STOPPED = new CountDownLatch(1);

    @Test
    void everyPointArrivesOnceTheServerIsBackAndTheSpillDrained(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("plant");
            InfluxSink sink = InfluxSinkIT.sink(influx, dir, 500).requestTimeout(Duration.ofSeconds(2))
                    .drainTimeout(Duration.ofSeconds(60)).build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromSequence(0, POINTS - 1).map(new PauseHalfway())
                    .map(i -> InfluxPoint.of("temp", Map.of("unit", "c1"), "value", (double) i,
                            T0.plusMillis(i)))
                    .sinkTo(sink);
            JobClient job = env.executeAsync("influx-sink-outage-it");

            assertThat(HALFWAY.await(60, TimeUnit.SECONDS)).as("the stream reached point " + STOP_AT).isTrue();
            Await.until("the first " + STOP_AT + " points landed", Duration.ofSeconds(60),
                    () -> influx.query("plant", "SELECT count(value) FROM temp").contains("," + STOP_AT + "]"));
            influx.stop();
            STOPPED.countDown();
            // The rest of the stream, 15,000 points, goes on into the spill while the server is down.
            Await.until("the rest of the stream spilled to disk", Duration.ofSeconds(60),
                    () -> spilledLines(dir.resolve("spill")) >= POINTS - STOP_AT - 1);
            influx.start();
            job.getJobExecutionResult().get(90, TimeUnit.SECONDS);

            assertThat(influx.query("plant", "SELECT count(value) FROM temp")).contains("," + POINTS + "]");
            InfluxSinkReport report = InfluxSinkReport.read(dir.resolve("spill"));
            assertThat(report.outages()).isPositive();
            assertThat(report.lastOutageCause()).contains("ConnectException");
            assertThat(report.pointsSpilled()).as("at least what came during the outage")
                    .isGreaterThanOrEqualTo(POINTS - STOP_AT - 1);
            assertThat(report.pointsDrained()).isEqualTo(report.pointsSpilled());
            assertThat(report.pointsInSpill()).isZero();
            assertThat(report.pointsDropped()).isZero();
            assertThat(report.pointsDeadLettered()).isZero();
            assertThat(report.pointsWritten()).as("each point written once, split or not").isEqualTo(POINTS);
            assertThat(report.problems()).singleElement().asString()
                    .contains("telemetry: InfluxDB at " + influx.url() + " unreachable for")
                    .contains(String.format("%,d points spilled, all drained", report.pointsSpilled()));
            System.out.println("outage IT: " + report);
        }
    }

    @Test
    void whatAJobLeftInTheSpillTheNextJobOnTheDirectoryDrainsFirst(@TempDir Path dir) throws Exception {
        try (InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("plant");
            influx.stop();
            // The first job ends while InfluxDB is down and does not wait for it: its 1,000 points stay on disk.
            runPoints(InfluxSinkIT.sink(influx, dir, 100).drainTimeout(Duration.ZERO).build(), 0, 1_000);
            InfluxSinkReport first = InfluxSinkReport.read(dir.resolve("spill"));
            assertThat(first.pointsWritten()).isZero();
            assertThat(first.pointsInSpill()).isEqualTo(1_000);
            // Whether the sender met the stopped server before the job ended or not, the report names what waits.
            assertThat(first.problems()).anySatisfy(p -> assertThat(p).containsAnyOf("1,000 still in",
                    "1,000 points not yet sent").contains("the next start drains them"));

            influx.start();
            runPoints(InfluxSinkIT.sink(influx, dir, 100).build(), 1_000, 1_010);
            assertThat(influx.query("plant", "SELECT count(value) FROM temp")).contains(",1010]");
            InfluxSinkReport second = InfluxSinkReport.read(dir.resolve("spill"));
            // The new points queue up behind the old ones in the spill until it is drained.
            assertThat(second.pointsDrained()).isBetween(1_000L, 1_010L);
            assertThat(second.pointsWritten()).isEqualTo(1_010);
            assertThat(second.pointsInSpill()).isZero();
        }
    }

    private static void runPoints(InfluxSink sink, long from, long to) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(from, to - 1)
                .map(i -> InfluxPoint.of("temp", Map.of("unit", "c1"), "value", (double) i, T0.plusMillis(i)))
                .sinkTo(sink);
        env.execute("influx-sink-spill-restart-it");
    }

    /** The points in the spill's segments (a test reads the files; the sink reports its counts only at close). */
    private static long spilledLines(Path spill) {
        if (!Files.isDirectory(spill)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(spill)) {
            long lines = 0;
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("segment-")).toList()) {
                for (byte b : Files.readAllBytes(p)) {
                    lines += b == '\n' ? 1 : 0;
                }
            }
            return lines;
        } catch (IOException e) {
            return 0; // a segment deleted while listed: look again
        }
    }

    /** Holds the stream at {@link #STOP_AT} until the test stopped the server. */
    private static final class PauseHalfway implements MapFunction<Long, Long> {
        @Override
        public Long map(Long i) throws InterruptedException {
            if (i == STOP_AT) {
                HALFWAY.countDown();
                STOPPED.await();
            }
            return i;
        }
    }
}
