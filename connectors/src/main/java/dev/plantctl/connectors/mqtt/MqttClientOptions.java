package dev.plantctl.connectors.mqtt;

import java.io.Serializable;
import java.time.Duration;

/**
 * The session settings a connector hands its {@link MqttClientAdapter}.
 *
 * @param clientId          the client id: the broker finds a persistent session again by it
 * @param persistentSession true: clean start off, the broker keeps the session for {@code sessionExpiry}; false: a
 *                          clean session (a publisher keeps what awaits acknowledgement itself)
 * @param sessionExpiry     how long the broker keeps a persistent session (subscriptions, queued and
 *                          unacknowledged messages) after the client went away
 * @param keepAlive         the keep-alive interval
 * @param connectTimeout    how long a connection attempt may take
 * @param maxReconnectDelay the cap of the exponential backoff between reconnection attempts (1, 2, 4 … s)
 * @param receiveMaximum    how many unacknowledged QoS 1 messages the broker may send this client at once
 * @param manualAcks        true when received messages are acknowledged by {@link MqttClientAdapter#acknowledge}
 */
public record MqttClientOptions(String clientId, boolean persistentSession, Duration sessionExpiry, Duration keepAlive, Duration connectTimeout,
                                Duration maxReconnectDelay, int receiveMaximum, boolean manualAcks)
        implements Serializable {
}
