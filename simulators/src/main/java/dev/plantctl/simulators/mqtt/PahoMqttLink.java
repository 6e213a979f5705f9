package dev.plantctl.simulators.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link MqttLink} over the Eclipse Paho MQTT v5 client: clean start, in-memory persistence (nothing written
 * to disk), automatic reconnect with Paho's capped backoff (1 s doubling up to 2 min), subscriptions renewed after
 * each reconnect, an optional retained will message, and the broker's login and TLS trust ({@link MqttLogin}).
 *
 * <p>{@link #connect} waits for the first connection up to its timeout and fails with a message naming the broker;
 * after that, a lost connection is retried in the background while publishes are dropped and counted.
 */
public final class PahoMqttLink implements MqttLink {

    private static final Logger LOG = LoggerFactory.getLogger(PahoMqttLink.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A message the broker publishes for the client when its connection is lost without a disconnect.
     *
     * @param topic    its topic
     * @param payload  its payload, UTF-8
     * @param retained whether it is retained
     */
    public record Will(String topic, String payload, boolean retained) {
        /** @throws NullPointerException when a part is missing */
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
        }
    }

    private record Subscription(int qos, MessageHandler handler) {
    }

    private final MqttAsyncClient client;
    private final String brokerUrl;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong handlerFailures = new AtomicLong();
    private volatile boolean closed;

    private PahoMqttLink(MqttAsyncClient client, String brokerUrl) {
        this.client = client;
        this.brokerUrl = brokerUrl;
    }

    /**
     * Connects a new client.
     *
     * @param brokerUrl {@code tcp://host:port} or {@code ssl://host:port}
     * @param clientId  the client id, unique on the broker
     * @param will      the will message, or {@code null} for none
     * @param timeout   how long to wait for the first connection
     * @param login     the credentials and TLS trust, or {@link MqttLogin#ANONYMOUS}
     * @return the connected link; close it
     * @throws IllegalArgumentException when the URL or client id is not valid
     * @throws IllegalStateException    when the broker cannot be reached within the timeout or refuses the login
     */
    public static PahoMqttLink connect(String brokerUrl, String clientId, Will will, Duration timeout,
                                       MqttLogin login) {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(login, "login");
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(brokerUrl, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + brokerUrl + " as " + clientId
                    + ": " + e.getMessage(), e);
        }
        PahoMqttLink link = new PahoMqttLink(client, brokerUrl);
        client.setCallback(link.new Callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        if (login.user() != null) {
            options.setUserName(login.user());
            options.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
        }
        if (brokerUrl.startsWith("ssl://")) {
            if (login.socketFactory() != null) {
                options.setSocketFactory(login.socketFactory());
            }
            options.setHttpsHostnameVerificationEnabled(true);
        }
        if (will != null) {
            MqttMessage message = new MqttMessage(will.payload().getBytes(StandardCharsets.UTF_8), 1,
                    will.retained(), null);
            options.setWill(will.topic(), message);
        }
        try {
            client.connect(options).waitForCompletion(timeout.toMillis());
        } catch (MqttException e) {
            link.close();
            throw new IllegalStateException("cannot connect to the MQTT broker " + brokerUrl + " as " + clientId
                    + " (" + login + "): " + e.getMessage(), e);
        }
        return link;
    }

    @Override
    public boolean publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            client.publish(topic, payload, qos, retained);
            published.incrementAndGet();
            return true;
        } catch (MqttException | RuntimeException e) {
            long n = publishFailures.incrementAndGet();
            if (n == 1 || Long.bitCount(n) == 1) {
                LOG.warn("{} dropped a message to {} ({} dropped so far): {}", client.getClientId(), topic, n,
                        e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void subscribe(String topicFilter, int qos, MessageHandler handler) {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(handler, "handler");
        subscriptions.put(topicFilter, new Subscription(qos, handler));
        try {
            client.subscribe(topicFilter, qos).waitForCompletion(CLOSE_TIMEOUT.toMillis());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot subscribe to " + topicFilter + " on " + brokerUrl + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public long published() {
        return published.get();
    }

    @Override
    public long publishFailures() {
        return publishFailures.get();
    }

    @Override
    public long handlerFailures() {
        return handlerFailures.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(CLOSE_TIMEOUT.toMillis());
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect did not complete: {}", client.getClientId(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close did not complete: {}", client.getClientId(), e.getMessage());
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            for (Map.Entry<String, Subscription> s : subscriptions.entrySet()) {
                if (matches(s.getKey(), topic)) {
                    try {
                        s.getValue().handler().onMessage(topic, message.getPayload());
                    } catch (RuntimeException e) {
                        handlerFailures.incrementAndGet();
                        LOG.error("{}: the handler of {} failed on a message to {}", client.getClientId(),
                                s.getKey(), topic, e);
                    }
                }
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) {
                return;
            }
            LOG.info("{} reconnected to {}", client.getClientId(), serverURI);
            subscriptions.forEach((filter, s) -> {
                try {
                    client.subscribe(filter, s.qos());
                } catch (MqttException e) {
                    LOG.warn("{}: cannot renew the subscription to {}: {}", client.getClientId(), filter,
                            e.getMessage());
                }
            });
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed) {
                LOG.warn("{} lost its connection to {}: {}; reconnecting", client.getClientId(), brokerUrl,
                        response.getReasonString() != null ? response.getReasonString() : response.getException());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("{}: MQTT error: {}", client.getClientId(), exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    /** MQTT topic filter matching: {@code +} one level, {@code #} the rest. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
