package dev.plantctl.connectors;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientFactory;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.MqttSink;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.connectors.mqtt.RecordingCallback;
import dev.plantctl.core.RawMessage;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.MosquittoServer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 where the broker speaks it, 3.1.1 otherwise: against Moquette, a real broker that speaks only MQTT 3.1.1,
 * the default client of the MQTT source and sink falls back to 3.1.1 and delivers every reading; against Mosquitto
 * the same client speaks MQTT 5, and the 3.1.1 client, asked for by name, loses no reading when the reading job
 * fails once after a checkpoint (persistent session, acknowledgement after the checkpoint).
 */
@Timeout(180)
class MqttProtocolFallbackIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(3).build());

    private static final int READINGS = 2_000;
    private static final String COLLECTED = "mqtt-protocol-fallback";

    @TempDir
    Path dir;

    @Test
    void aBrokerThatSpeaksOnly311GetsA311ClientThatDeliversEveryReading() throws Exception {
        try (Mqtt311Broker broker = new Mqtt311Broker(dir)) {
            MqttBroker address = MqttBroker.insecure(broker.url());
            assertThat(connectedVersion(address, "reader-0", List.of("plant/+/reading"))).isEqualTo("3.1.1");
            transferAll(address, MqttClientFactory.paho(), false);
        }
    }

    @Test
    void theMqtt311ClientLosesNoReadingAcrossATaskFailure() throws Exception {
        try (MosquittoServer broker = MosquittoServer.builder().start()) {
            MqttBroker address = MqttBroker.insecure(broker.url());
            connectedVersion(address, "reader-0", List.of("plant/+/reading"));
            transferAll(address, MqttClientFactory.pahoV3(), true);
            assertThat(FailOnceAfterCheckpoint.FAILED).as("the reading job failed once").isTrue();
        }
    }

    /**
     * Publishes every reading through the sink and waits until the source has received each. With a failure, the
     * second half is published only once a completed checkpoint has armed it, so that readings always reach the
     * reading task after the checkpoint, however fast the first half arrives.
     */
    private static void transferAll(MqttBroker broker, MqttClientFactory clients, boolean failOnce)
            throws Exception {
        FailOnceAfterCheckpoint.FAILED.set(false);
        FailOnceAfterCheckpoint.ARMED.set(false);
        JobClient reader = startReadingJob(broker, clients, failOnce);
        try {
            int half = failOnce ? READINGS / 2 : READINGS;
            publish(broker, clients, 0, half);
            if (failOnce) {
                Await.until("a completed checkpoint armed the failure", Duration.ofSeconds(120),
                        FailOnceAfterCheckpoint.ARMED::get);
                publish(broker, clients, half, READINGS);
            }
            Await.until("every reading arrived", Duration.ofSeconds(120), () -> received() == READINGS,
                    () -> received() + " of " + READINGS);
        } finally {
            reader.cancel().get();
        }
    }

    /** Publishes readings {@code from} (inclusive) to {@code to} (exclusive) and waits until the job has finished. */
    private static void publish(MqttBroker broker, MqttClientFactory clients, int from, int to) throws Exception {
        startPublishingJob(broker, clients, from, to).getJobExecutionResult().get(120, TimeUnit.SECONDS);
    }

    @Test
    void aBrokerThatSpeaksMqtt5GetsAnMqtt5Client() throws Exception {
        try (MosquittoServer broker = MosquittoServer.builder().start()) {
            assertThat(connectedVersion(MqttBroker.insecure(broker.url()), "probe", List.of("a/b"))).isEqualTo("5");
        }
    }

    /** Connects the default client with a persistent session, subscribes, and tells the protocol it speaks. */
    private static String connectedVersion(MqttBroker broker, String clientId, List<String> filters)
            throws Exception {
        MqttClientAdapter client = MqttClientFactory.paho().create(broker, new MqttClientOptions(clientId, true,
                Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2), 100,
                true));
        try {
            client.connect(new RecordingCallback());
            client.subscribe(filters, 1);
            return client.protocolVersion();
        } finally {
            client.close();
        }
    }

    private static JobClient startReadingJob(MqttBroker broker, MqttClientFactory clients, boolean failOnce)
            throws Exception {
        StreamExecutionEnvironment env = environment();
        DataStream<RawMessage> messages = env.fromSource(MqttSource.builder().broker(broker)
                .topicFilters(List.of("plant/+/reading")).clientId("reader").sessions(1).clientFactory(clients)
                .build(), WatermarkStrategy.noWatermarks(), "mqtt");
        if (failOnce) {
            messages = messages.map(new FailOnceAfterCheckpoint<>());
        }
        messages.sinkTo(CollectingSink.into(COLLECTED));
        return env.executeAsync("read-mqtt");
    }

    private static JobClient startPublishingJob(MqttBroker broker, MqttClientFactory clients, int from, int to)
            throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSequence(from, to - 1).map(new MqttToInfluxIT.ToMqtt())
                .sinkTo(MqttSink.builder().broker(broker).clientId("publisher").clientFactory(clients).build());
        return env.executeAsync("publish-mqtt");
    }

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = RestartingEnvironment.checkpointingEvery(Duration.ofMillis(300));
        env.setParallelism(1);
        return env;
    }

    /** How many distinct readings the reading job has received. */
    private static long received() {
        return CollectingSink.<RawMessage>collected(COLLECTED).stream()
                .map(m -> new String(m.payload(), StandardCharsets.UTF_8)).distinct().count();
    }
}
