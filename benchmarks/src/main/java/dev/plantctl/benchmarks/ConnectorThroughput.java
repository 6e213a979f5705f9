package dev.plantctl.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.connectors.influx.InfluxPoint;
import dev.plantctl.connectors.influx.InfluxSink;
import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttSource;
import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaSource;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.InfluxServer;
import dev.plantctl.testing.MosquittoServer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * End-to-end throughput of the connectors against real servers, each beside a bare client against the same server in
 * the same run (see BENCHMARKS.md):
 * <ol>
 *   <li>readings/s from a Mosquitto broker through {@link MqttSource} → {@link InfluxSink} into InfluxDB, beside a
 *       bare Paho MQTT 5 subscriber draining the same backlog (both sessions have {@code n} QoS 1 messages queued
 *       before they connect: the figure is how fast each drains it, first message to last);</li>
 *   <li>notifications/s through {@link OpcUaSource} (to a discarding sink), beside a bare Milo subscription of the
 *       same nodes, from the greenhouse simulator in accelerated mode.</li>
 * </ol>
 * Run: {@code java --add-opens ... -cp benchmarks/target/benchmarks.jar dev.plantctl.benchmarks.ConnectorThroughput
 * [readings] [opcua-seconds]}.
 */
public final class ConnectorThroughput {

    static final AtomicLong FIRST_NANOS = new AtomicLong();
    static final AtomicLong COUNT = new AtomicLong();
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private ConnectorThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int opcUaSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        mqttToInflux(readings);
        opcUa(opcUaSeconds);
        System.exit(0);
    }

    private static void mqttToInflux(int readings) throws Exception {
        try (MosquittoServer broker = MosquittoServer.builder().start();
             InfluxServer influx = InfluxServer.builder().start()) {
            influx.createDatabase("bench");
            for (String session : List.of("bare", "flink-0")) {
                MqttAsyncClient c = client(broker.url(), session);
                c.subscribe(new MqttSubscription("bench/#", 1)).waitForCompletion();
                c.disconnect().waitForCompletion();
                c.close();
            }
            publish(broker.url(), readings);

            AtomicLong bareCount = new AtomicLong();
            AtomicLong bareFirst = new AtomicLong();
            AtomicLong bareLast = new AtomicLong();
            MqttAsyncClient bare = new MqttAsyncClient(broker.url(), "bare", new MemoryPersistence());
            bare.setCallback(new Callback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    long now = System.nanoTime();
                    bareFirst.compareAndSet(0, now);
                    if (bareCount.incrementAndGet() == readings) {
                        bareLast.set(now);
                    }
                }
            });
            bare.connect(options()).waitForCompletion();
            Await.until("the bare subscriber's " + readings + " messages", Duration.ofMinutes(5),
                    () -> bareLast.get() != 0, () -> bareCount.get() + " received");
            bare.disconnect().waitForCompletion();
            bare.close();
            double bareRate = readings / ((bareLast.get() - bareFirst.get()) / 1e9);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(1_000);
            env.setParallelism(1);
            FIRST_NANOS.set(0);
            env.fromSource(MqttSource.builder().broker(MqttBroker.insecure(broker.url()))
                            .topicFilters(List.of("bench/#")).clientId("flink").build(),
                            WatermarkStrategy.noWatermarks(), "mqtt")
                    .map(new ToPoint())
                    .sinkTo(InfluxSink.builder().url(influx.url()).database("bench").allowInsecure()
                            .deadLetterFile(influx.directory().resolve("bench-dead-letters.jsonl"))
                            .spillDirectory(influx.directory().resolve("bench-spill")).build());
            JobClient job = env.executeAsync("mqtt-to-influx-benchmark");
            ObjectMapper json = new ObjectMapper();
            AtomicLong inInflux = new AtomicLong();
            Await.until(readings + " points in InfluxDB", Duration.ofMinutes(5), () -> {
                try {
                    inInflux.set(json.readTree(influx.query("bench", "SELECT count(value) FROM reading"))
                            .path("results").path(0).path("series").path(0).path("values").path(0).path(1).asLong());
                } catch (Exception e) {
                    inInflux.set(-1);
                }
                return inInflux.get() >= readings;
            }, () -> inInflux + " points");
            long last = System.nanoTime();
            job.cancel().get(30, TimeUnit.SECONDS);
            double pipelineRate = readings / ((last - FIRST_NANOS.get()) / 1e9);
            System.out.printf("MQTT %d QoS 1 readings: bare Paho v5 subscriber %.0f msg/s; MqttSource -> InfluxSink "
                    + "(parallelism 1, checkpoint 1 s) %.0f readings/s (%.0f %% of bare)%n", readings, bareRate,
                    pipelineRate, 100 * pipelineRate / bareRate);
        }
    }

    private static void publish(String url, int readings) throws MqttException, InterruptedException {
        MqttAsyncClient publisher = new MqttAsyncClient(url, "bench-publisher", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        publisher.connect(o).waitForCompletion();
        Semaphore window = new Semaphore(500);
        for (int i = 0; i < readings; i++) {
            window.acquire();
            publisher.publish("bench/s" + (i % 10), new MqttMessage(Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                    1, false, new MqttProperties()), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    throw new IllegalStateException("benchmark publish failed", e);
                }
            });
        }
        window.acquire(500);
        publisher.disconnect().waitForCompletion();
        publisher.close();
    }

    private static MqttAsyncClient client(String url, String id) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, id, new MemoryPersistence());
        c.connect(options()).waitForCompletion();
        return c;
    }

    private static MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setReceiveMaximum(65_535);
        return o;
    }

    private static void opcUa(int seconds) throws Exception {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(20)
                .clockMode(ClockMode.ACCELERATED).stepSeconds(60).accelerationFactor(60 * 500).start()) {
            List<String> nodes = new ArrayList<>();
            for (int c = 1; c <= 20; c++) {
                for (String signal : GreenhouseSignals.SENSOR_UNITS.keySet()) {
                    nodes.add("nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
                            + GreenhouseSignals.nodeIdentifier(GreenhouseSignals.compartmentId(c), signal));
                }
            }
            double bare = bareMilo(server.endpointUrl(), nodes, seconds);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            COUNT.set(0);
            env.fromSource(OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(server.endpointUrl()))
                    .nodeIds(nodes).build(), WatermarkStrategy.noWatermarks(), "opcua").sinkTo(new Counting());
            JobClient job = env.executeAsync("opcua-benchmark");
            Await.until("the first notification", Duration.ofMinutes(1), () -> COUNT.get() > 0);
            long from = COUNT.get();
            long t0 = System.nanoTime();
            Await.until(seconds + " s", Duration.ofSeconds(seconds + 5),
                    () -> System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(seconds));
            double source = (COUNT.get() - from) / ((System.nanoTime() - t0) / 1e9);
            job.cancel().get(30, TimeUnit.SECONDS);
            System.out.printf("OPC UA %d nodes (greenhouse simulator, 500 steps/s): bare Milo subscription %.0f "
                    + "notifications/s; OpcUaSource (parallelism 1) %.0f notifications/s (%.0f %% of bare)%n",
                    nodes.size(), bare, source, 100 * source / bare);
        }
    }

    private static double bareMilo(String url, List<String> nodes, int seconds) throws Exception {
        OpcUaClient client = OpcUaClient.create(url, endpoints -> endpoints.stream()
                        .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())).findFirst(),
                transport -> { }, config -> config.setApplicationName(LocalizedText.english("bench"))
                        .setApplicationUri("urn:plantctl:bench"));
        client.connect();
        AtomicLong count = new AtomicLong();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 20.0);
        subscription.create();
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (String node : nodes) {
            OpcUaMonitoredItem item = new OpcUaMonitoredItem(new ReadValueId(
                    ExpandedNodeId.parse(node).toNodeIdOrThrow(client.getNamespaceTable()), AttributeId.Value.uid(),
                    null, QualifiedName.NULL_VALUE), MonitoringMode.Reporting);
            item.setSamplingInterval(20.0);
            item.setQueueSize(uint(10));
            item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp,
                    uint(DeadbandType.None.getValue()), 0.0));
            item.setDataValueListener((i, v) -> count.incrementAndGet());
            items.add(item);
        }
        subscription.addMonitoredItems(items);
        subscription.createMonitoredItems();
        Await.until("the first notification", Duration.ofMinutes(1), () -> count.get() > 0);
        long from = count.get();
        long t0 = System.nanoTime();
        Await.until(seconds + " s", Duration.ofSeconds(seconds + 5),
                () -> System.nanoTime() - t0 >= TimeUnit.SECONDS.toNanos(seconds));
        double rate = (count.get() - from) / ((System.nanoTime() - t0) / 1e9);
        client.disconnect();
        return rate;
    }

    /** The reading of a benchmark message as a point; notes when the first one passed. */
    static final class ToPoint implements MapFunction<RawMessage, InfluxPoint> {
        @Override
        public InfluxPoint map(RawMessage m) {
            FIRST_NANOS.compareAndSet(0, System.nanoTime());
            long seq = Long.parseLong(new String(m.payload(), StandardCharsets.UTF_8));
            return InfluxPoint.of("reading", Map.of("sensor", m.topic().substring(6)), "value", (double) seq,
                    EPOCH.plusMillis(seq));
        }
    }

    /** Counts what reaches it. */
    static final class Counting implements Sink<RawSample> {
        @Override
        public SinkWriter<RawSample> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(RawSample element, Context c) {
                    COUNT.incrementAndGet();
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

    /** A Paho callback that only cares about messages. */
    private abstract static class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
