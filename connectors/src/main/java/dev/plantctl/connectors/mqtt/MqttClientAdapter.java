package dev.plantctl.connectors.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The little of an MQTT client that the connectors use, so that the client library can be swapped (Eclipse Paho
 * today, {@link MqttClientFactory#paho()}; HiveMQ's client would fit the same shape) without touching a job.
 *
 * <p>An adapter holds one client session: {@link #connect} opens it with a persistent session (clean start off, the
 * session expiry of its {@link MqttClientOptions}) and from then on reconnects by itself with capped exponential
 * backoff, restoring the subscriptions after each reconnect. Calls come from one thread (the Flink task thread);
 * callbacks come from the library's threads.
 */
public interface MqttClientAdapter extends AutoCloseable {

    /**
     * Connects and waits for the broker's acknowledgement.
     *
     * @throws IOException naming the broker when it cannot be reached or refuses the connection
     */
    void connect(Callback callback) throws IOException;

    /**
     * Subscribes to topic filters and waits for the broker's acknowledgement; the adapter subscribes again after
     * every reconnect.
     *
     * @throws IOException naming the filter when the broker refuses it
     */
    void subscribe(List<String> topicFilters, int qos) throws IOException;

    /**
     * Acknowledges a message received with manual acknowledgement ({@link MqttClientOptions#manualAcks()}): sends
     * its PUBACK. Only messages of the current connection may be acknowledged.
     */
    void acknowledge(int messageId, int qos) throws IOException;

    /**
     * Publishes a message; the future completes when the broker acknowledged it (at QoS 1 its PUBACK) and
     * completes exceptionally when the connection was lost before.
     *
     * @throws IOException when the message cannot be handed to the client now (not connected, too many in flight)
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) throws IOException;

    /** The MQTT version of the connection, {@code 5} or {@code 3.1.1}. */
    String protocolVersion();

    /** True while connected. */
    boolean isConnected();

    /** Disconnects normally (the session stays on the broker until it expires) and frees the client. */
    @Override
    void close();

    /** What the adapter reports, from the client library's threads. */
    interface Callback {

        /** A message arrived; with manual acknowledgement it waits for {@link #acknowledge}. */
        void messageArrived(String topic, byte[] payload, int messageId, int qos);

        /** The connection was lost; the adapter reconnects by itself. */
        void connectionLost(Throwable cause);

        /** The adapter (re)connected and restored its subscriptions. */
        void reconnected();

        /** Something failed that reconnecting cannot mend (a refused subscription, a refused login). */
        void failed(Throwable error);
    }
}
