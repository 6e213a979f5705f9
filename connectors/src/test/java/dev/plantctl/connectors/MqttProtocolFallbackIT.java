package dev.plantctl.connectors;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientFactory;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.MqttSink;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.core.RawMessage;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.MosquittoServer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 5 where the broker speaks it, 3.1.1 otherwise: against Moquette, a real broker that speaks only MQTT 3.1.1,
 * the default client of the MQTT source and sink falls back to 3.1.1 and a job that fails once after a checkpoint
 * still receives every reading (persistent session, acknowledgement after the checkpoint); against Mosquitto the
 * same client speaks MQTT 5.
 */
@Timeout(180)
class MqttProtocolFallbackIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(3).build());

    private static final int READINGS = 2_000;
    private static final Set<Long> RECEIVED = ConcurrentHashMap.newKeySet();

    @TempDir
    Path dir;

    @Test
    void aBrokerThatSpeaksOnly311GetsA311ClientThatLosesNoReadingAcrossATaskFailure() throws Exception {
        RECEIVED.clear();
        MqttToInfluxIT.FailOnceAfterCheckpoint.FAILED.set(false);
        try (Mqtt311Broker broker = new Mqtt311Broker(dir)) {
            MqttBroker address = MqttBroker.insecure(broker.url());
            assertThat(connectedVersion(address, "reader-0", List.of("plant/+/reading"))).isEqualTo("3.1.1");

            JobClient reader = startReadingJob(address);
            JobClient publisher = startPublishingJob(address);
            try {
                Await.until("every reading arrived over MQTT 3.1.1", Duration.ofSeconds(120),
                        () -> RECEIVED.size() == READINGS, () -> RECEIVED.size() + " of " + READINGS);
            } finally {
                reader.cancel().get();
                publisher.cancel().exceptionally(e -> null).get();
            }
            assertThat(MqttToInfluxIT.FailOnceAfterCheckpoint.FAILED).as("the reading job failed once").isTrue();
        }
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
            client.connect(new MqttClientAdapter.Callback() {
                @Override
                public void messageArrived(String topic, byte[] payload, int messageId, int qos) {
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void reconnected() {
                }

                @Override
                public void failed(Throwable error) {
                }
            });
            client.subscribe(filters, 1);
            return client.protocolVersion();
        } finally {
            client.close();
        }
    }

    private static JobClient startReadingJob(MqttBroker broker) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSource(MqttSource.builder().broker(broker).topicFilters(List.of("plant/+/reading"))
                        .clientId("reader").sessions(1).build(), WatermarkStrategy.noWatermarks(), "mqtt")
                .map(new MqttToInfluxIT.FailOnceAfterCheckpoint())
                .sinkTo(new Collect());
        return env.executeAsync("read-mqtt-311");
    }

    private static JobClient startPublishingJob(MqttBroker broker) throws Exception {
        StreamExecutionEnvironment env = environment();
        env.fromSequence(0, READINGS - 1).map(new MqttToInfluxIT.ToMqtt())
                .sinkTo(MqttSink.builder().broker(broker).clientId("publisher").build());
        return env.executeAsync("publish-mqtt-311");
    }

    private static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(300);
        return env;
    }

    /** Collects the sequence numbers into {@link #RECEIVED}: the MiniCluster runs in this JVM. */
    private static final class Collect implements Sink<RawMessage> {
        @Override
        public SinkWriter<RawMessage> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(RawMessage message, Context context) {
                    RECEIVED.add(Long.parseLong(new String(message.payload(), StandardCharsets.UTF_8)));
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
