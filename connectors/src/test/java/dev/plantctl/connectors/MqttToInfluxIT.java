package dev.plantctl.connectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.influx.InfluxSink;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientFactory;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.MqttRecord;
import dev.plantctl.connectors.mqtt.MqttSink;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.connectors.mqtt.RecordingCallback;
import dev.plantctl.core.RawMessage;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.InfluxServer;
import dev.plantctl.testing.MosquittoServer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Done-when of the connectors, end to end through real servers: readings published over MQTT at QoS 1 (by a
 * Flink job with {@link MqttSink}) are read by a Flink job with {@link MqttSource} and written by {@link InfluxSink}
 * to a real InfluxDB, while a server is failed mid-stream; afterwards every (series, timestamp) is in InfluxDB.
 *
 * <p>The broker is stopped with {@code SIGTERM}, which drops every connection at once but lets Mosquitto save its
 * sessions: a {@code SIGKILL} would lose the messages Mosquitto had acknowledged to the publisher but held only in
 * memory, a loss of the broker's durability that no client can undo. InfluxDB is killed with {@code SIGKILL}: it syncs
 * its write-ahead log before it acknowledges a write.
 */
class MqttToInfluxIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int SERIES = 10;
    private static final int READER_SESSIONS = 2;
    private static final String TOPIC_FILTER = "plant/+/reading";
    private static final String DATABASE = "plant";
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DONE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Readings the publishing job has handed to its sink, across its restarts. */
    static final AtomicLong HANDED_TO_SINK = new AtomicLong();

    private MosquittoServer broker;
    @TempDir
    Path telemetryDir;
    private InfluxServer influx;

    @BeforeEach
    void startServers() {
        broker = MosquittoServer.builder().start();
        influx = InfluxServer.builder().start();
        influx.createDatabase(DATABASE);
        HANDED_TO_SINK.set(0);
        FailOnceAfterCheckpoint.FAILED.set(false);
    }

    /**
     * Cancels every job still running on the shared MiniCluster, also when the test failed, so that a failed test's
     * jobs cannot hold the slots the next test needs; then stops the servers.
     */
    @AfterEach
    void cancelJobsAndStopServers(@InjectMiniCluster MiniCluster cluster) throws Exception {
        try {
            for (JobStatusMessage job : cluster.listJobs().get(30, TimeUnit.SECONDS)) {
                if (!job.getJobState().isGloballyTerminalState()) {
                    cluster.cancelJob(job.getJobId()).get(30, TimeUnit.SECONDS);
                }
            }
            Await.until("every job of the test terminated", Duration.ofSeconds(60), () -> allTerminated(cluster));
        } finally {
            stopServers();
        }
    }

    private static boolean allTerminated(MiniCluster cluster) {
        try {
            return cluster.listJobs().get(30, TimeUnit.SECONDS).stream()
                    .allMatch(j -> j.getJobState().isGloballyTerminalState());
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the MiniCluster's jobs: " + e.getMessage(), e);
        }
    }

    private void stopServers() {
        if (broker != null) {
            broker.close();
        }
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void everyReadingReachesInfluxWhenTheBrokerGoesDownMidStream() throws Exception {
        int readings = 100_000;
        JobClient reader = startReadingJob("broker-restart", false);
        JobClient publisher = startPublishingJob(readings);
        Await.until("40 % published", DONE, () -> HANDED_TO_SINK.get() >= readings * 2L / 5);
        broker.stopAndRestart();
        awaitAll(readings, reader, publisher);
    }

    @Test
    void everyReadingReachesInfluxWhenInfluxIsKilledMidStream() throws Exception {
        int readings = 100_000;
        JobClient reader = startReadingJob("influx-kill", false);
        JobClient publisher = startPublishingJob(readings);
        Await.until("30 % in InfluxDB", DONE, () -> total(counts()) >= readings * 3L / 10);
        influx.killAndRestart();
        awaitAll(readings, reader, publisher);
    }

    @Test
    void aTaskFailureAfterACheckpointLosesNoReading() throws Exception {
        int readings = 30_000;
        JobClient reader = startReadingJob("fail-once", true);
        JobClient publisher = startPublishingJob(readings);
        awaitAll(readings, reader, publisher);
        assertThat(FailOnceAfterCheckpoint.FAILED).isTrue();
    }

    private void awaitAll(int readings, JobClient reader, JobClient publisher) throws Exception {
        publisher.getJobExecutionResult().get(DONE.toSeconds(), TimeUnit.SECONDS);
        Await.until(readings + " readings in InfluxDB", DONE, () -> total(counts()) >= readings,
                () -> counts() + ", missing sequence numbers: " + missing(readings));
        reader.cancel().get(30, TimeUnit.SECONDS);
        Map<String, Long> counts = counts();
        Map<String, Long> expected = new TreeMap<>();
        for (int s = 0; s < SERIES; s++) {
            expected.put("s" + s, (long) readings / SERIES);
        }
        // One point per (series, timestamp): a replayed reading overwrites itself, a lost one would be missing.
        assertThat(counts).isEqualTo(expected);
    }

    /**
     * Creates the reading job's persistent sessions and their shared subscription on the broker before anything is
     * published, as a deployment does: MQTT queues a message only for a session subscribed when it is published, and
     * the job's own first subscription comes after its tasks are deployed, which on a loaded machine can be seconds
     * after the publishing job has begun (its first few hundred readings would go to no subscriber at all).
     */
    private void createReaderSessions(String name) throws Exception {
        for (int i = 0; i < READER_SESSIONS; i++) {
            MqttClientAdapter client = MqttClientFactory.pahoV5().create(MqttBroker.insecure(broker.url()),
                    new MqttClientOptions("reader-" + name + "-" + i, true, MqttSource.DEFAULT_SESSION_EXPIRY,
                            MqttSource.DEFAULT_KEEP_ALIVE, MqttSource.DEFAULT_CONNECT_TIMEOUT,
                            MqttSource.DEFAULT_MAX_RECONNECT_DELAY, MqttSource.DEFAULT_RECEIVE_MAXIMUM, true));
            try {
                client.connect(new RecordingCallback());
                client.subscribe(java.util.List.of("$share/reader-" + name + "/" + TOPIC_FILTER), 1);
            } finally {
                client.close();
            }
        }
    }

    private JobClient startReadingJob(String name, boolean failOnce) throws Exception {
        createReaderSessions(name);
        StreamExecutionEnvironment env = environment();
        SingleOutputStreamOperator<RawMessage> messages = env.fromSource(MqttSource.builder()
                        .broker(MqttBroker.insecure(broker.url()))
                        .topicFilters(java.util.List.of(TOPIC_FILTER))
                        .clientId("reader-" + name)
                        .sessions(READER_SESSIONS)
                        .build(), WatermarkStrategy.noWatermarks(), "mqtt")
                .setParallelism(2);
        if (failOnce) {
            messages = messages.map(new FailOnceAfterCheckpoint<RawMessage>()).setParallelism(2);
        }
        messages.map(new ToPoint()).setParallelism(2)
                .sinkTo(InfluxSink.builder().url(influx.url()).database(DATABASE).allowInsecure()
                        .batchSize(2_000).flushInterval(Duration.ofMillis(200))
                        .deadLetterFile(telemetryDir.resolve("dead-letters.jsonl"))
                        .spillDirectory(telemetryDir.resolve("spill")).build()).setParallelism(1);
        return env.executeAsync("mqtt-to-influx-" + name);
    }

    private JobClient startPublishingJob(int readings) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSequence(0, readings - 1).setParallelism(1)
                .map(new ToMqtt()).setParallelism(1)
                .sinkTo(MqttSink.builder().broker(MqttBroker.insecure(broker.url())).clientId("publisher").build())
                .setParallelism(1);
        return env.executeAsync("publish-readings");
    }

    private static StreamExecutionEnvironment environment() {
        return RestartingEnvironment.checkpointingEvery(Duration.ofMillis(500));
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            JsonNode result = JSON.readTree(influx.query(DATABASE,
                    "SELECT count(value) FROM reading GROUP BY sensor")).path("results").path(0);
            for (JsonNode series : result.path("series")) {
                counts.put(series.path("tags").path("sensor").asText(), series.path("values").path(0).path(1).asLong());
            }
        } catch (Exception e) {
            counts.put("unavailable: " + e.getMessage(), -1L);
        }
        return counts;
    }

    /** The sequence numbers below {@code readings} that InfluxDB has no point of (at most the first 50 named). */
    private String missing(int readings) {
        try {
            JsonNode series = JSON.readTree(influx.query(DATABASE, "SELECT value FROM reading"))
                    .path("results").path(0).path("series");
            java.util.BitSet seen = new java.util.BitSet(readings);
            for (JsonNode s : series) {
                for (JsonNode row : s.path("values")) {
                    seen.set((int) row.path(1).asDouble());
                }
            }
            java.util.List<Integer> absent = new java.util.ArrayList<>();
            for (int i = seen.nextClearBit(0); i < readings; i = seen.nextClearBit(i + 1)) {
                absent.add(i);
            }
            return absent.size() + " " + absent.subList(0, Math.min(50, absent.size()));
        } catch (Exception e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Reading {@code seq} of series {@code seq mod 10}, published on {@code plant/s<n>/reading}. */
    static final class ToMqtt implements MapFunction<Long, MqttRecord> {
        @Override
        public MqttRecord map(Long seq) {
            HANDED_TO_SINK.incrementAndGet();
            return new MqttRecord("plant/s" + (seq % SERIES) + "/reading",
                    Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One point per reading: series tag from the topic, the sequence number as value and as timestamp offset. */
    static final class ToPoint implements MapFunction<RawMessage, InfluxPoint> {
        @Override
        public InfluxPoint map(RawMessage m) {
            long seq = Long.parseLong(new String(m.payload(), StandardCharsets.UTF_8));
            String series = m.topic().split("/")[1];
            return InfluxPoint.of("reading", Map.of("sensor", series), "value", (double) seq,
                    EPOCH.plusMillis(seq));
        }
    }
}
