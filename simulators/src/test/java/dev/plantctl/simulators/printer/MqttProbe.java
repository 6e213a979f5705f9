package dev.plantctl.simulators.printer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A plain Paho MQTT v5 client for the tests, independent of the simulator's own link: it records every message of
 * its subscriptions (or only counts them) and sends requests.
 */
final class MqttProbe implements AutoCloseable {

    /** A received message. */
    record Received(String topic, String payload) {
        JsonNode json() {
            try {
                return JSON.readTree(payload);
            } catch (IOException e) {
                throw new AssertionError("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final boolean record;

    /**
     * @param record false to only count messages (for load), true to keep them for {@link #await}
     */
    MqttProbe(String brokerUrl, String clientId, boolean record, String... filters) throws MqttException {
        this.record = record;
        client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                count.incrementAndGet();
                if (MqttProbe.this.record) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8)));
                }
            }

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
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(10_000);
        for (String filter : filters) {
            client.subscribe(filter, 1).waitForCompletion(10_000);
        }
    }

    void send(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    }

    /** Messages received since the start. */
    long count() {
        return count.get();
    }

    /** Waits for the next recorded message that matches, dropping the ones before it. */
    Received await(String what, Duration timeout, Predicate<Received> match) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (r == null) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            if (match.test(r)) {
                return r;
            }
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
