package dev.plantctl.simulators.mqtt;

/**
 * The few MQTT operations a simulated device needs, so that the client library behind them can be replaced (Paho's
 * Java client has had no release since 2020; {@link PahoMqttLink} is today's implementation).
 *
 * <p>Implementations are thread-safe. Publishing never blocks on the network and never throws for a broker that is
 * away: a message that cannot be handed to the client is counted in {@link #publishFailures()} and dropped (status
 * is re-published at the next step anyway). A handler's exception is logged and counted, never propagated into the
 * client's threads.
 */
public interface MqttLink extends AutoCloseable {

    /** Receives the messages of a subscription, on the client's callback thread. */
    @FunctionalInterface
    interface MessageHandler {

        /**
         * @param topic   the message's topic
         * @param payload its payload
         */
        void onMessage(String topic, byte[] payload);
    }

    /**
     * Hands a message to the client for sending.
     *
     * @param topic    the topic, without wildcards
     * @param payload  the payload
     * @param qos      0, 1 or 2
     * @param retained whether the broker keeps it for later subscribers
     * @return true when the client took it; false when it was dropped (not connected, client queue full)
     */
    boolean publish(String topic, byte[] payload, int qos, boolean retained);

    /**
     * Subscribes, now and again after every reconnect.
     *
     * @param topicFilter the filter, wildcards allowed
     * @param qos         the maximum QoS to receive
     * @param handler     receives the messages
     */
    void subscribe(String topicFilter, int qos, MessageHandler handler);

    /** Whether the link is connected to its broker now. */
    boolean isConnected();

    /** Messages handed to the client since the start. */
    long published();

    /** Messages dropped because the client could not take them. */
    long publishFailures();

    /** Handler invocations that threw. */
    long handlerFailures();

    /** Disconnects (the broker then publishes no will) and releases the client. Idempotent. */
    @Override
    void close();
}
