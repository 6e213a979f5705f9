package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MqttClientAdapter} on Eclipse Paho's MQTT 5 client ({@code org.eclipse.paho.mqttv5.client}): clean start
 * off with an explicit session expiry for a persistent session (a subscriber's), clean start on otherwise (a
 * publisher's: Paho 1.2.5 resumes an outgoing persistent session with a packet Mosquitto refuses as a protocol
 * error, while on a clean start it fails the pending deliveries, which the sink publishes again), automatic
 * reconnection with exponential backoff (1 s doubling up to the
 * cap), subscriptions restored after each reconnect, manual acknowledgement of QoS 1 messages when asked for
 * ({@code setManualAcks(true)} and {@code messageArrivedComplete}).
 */
public final class PahoV5Client implements MqttClientAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV5Client.class);

    private final MqttBroker broker;
    private final MqttClientOptions options;
    private volatile MqttAsyncClient client;
    private volatile List<String> filters = List.of();
    private volatile int subscriptionQos;

    public PahoV5Client(MqttBroker broker, MqttClientOptions options) {
        this.broker = broker;
        this.options = options;
    }

    @Override
    public void connect(Callback callback) throws IOException {
        if (broker.isInsecure()) {
            LOG.warn("MQTT client {} connects to {} without the secure defaults ({}{}): fit for loopback and tests "
                            + "only", options.clientId(), broker.url(), broker.isTls() ? "TLS" : "no TLS",
                    broker.user() == null ? ", anonymous" : "");
        }
        MqttConnectionOptions connection = new MqttConnectionOptions();
        connection.setCleanStart(!options.persistentSession());
        connection.setSessionExpiryInterval(options.persistentSession() ? options.sessionExpiry().toSeconds() : 0L);
        connection.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        connection.setConnectionTimeout((int) Math.max(1, options.connectTimeout().toSeconds()));
        connection.setAutomaticReconnect(true);
        connection.setAutomaticReconnectDelay(1, (int) Math.max(1, options.maxReconnectDelay().toSeconds()));
        connection.setReceiveMaximum(options.receiveMaximum());
        if (broker.user() != null) {
            connection.setUserName(broker.user());
            connection.setPassword(broker.password().value().getBytes(StandardCharsets.UTF_8));
        }
        if (broker.isTls()) {
            connection.setSocketFactory(sslContext().getSocketFactory());
            connection.setHttpsHostnameVerificationEnabled(true);
        }
        try {
            client = new MqttAsyncClient(broker.url(), options.clientId(), new MemoryPersistence());
            client.setManualAcks(options.manualAcks());
            client.setCallback(new PahoCallback(callback));
            IMqttToken token = client.connect(connection);
            token.waitForCompletion(options.connectTimeout().toMillis() + 1_000);
            LOG.info("MQTT client {} connected to {} (session present: {})", options.clientId(), broker.url(),
                    token.getSessionPresent());
        } catch (MqttException e) {
            close();
            throw new IOException("cannot connect MQTT client " + options.clientId() + " to " + broker.url() + ": "
                    + describe(e), e);
        }
    }

    @Override
    public void subscribe(List<String> topicFilters, int qos) throws IOException {
        this.filters = List.copyOf(topicFilters);
        this.subscriptionQos = qos;
        try {
            IMqttToken token = client.subscribe(subscriptions());
            token.waitForCompletion(options.connectTimeout().toMillis() + 1_000);
            String refused = refusedFilters(token);
            if (refused != null) {
                throw new IOException("broker " + broker.url() + " refused the subscription of " + refused);
            }
        } catch (MqttException e) {
            throw new IOException("cannot subscribe to " + topicFilters + " on " + broker.url() + ": " + describe(e), e);
        }
    }

    private MqttSubscription[] subscriptions() {
        return filters.stream().map(f -> new MqttSubscription(f, subscriptionQos)).toArray(MqttSubscription[]::new);
    }

    private String refusedFilters(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        StringBuilder refused = new StringBuilder();
        for (int i = 0; codes != null && i < codes.length && i < filters.size(); i++) {
            if (codes[i] >= 0x80) {
                refused.append(refused.isEmpty() ? "" : ", ").append('\'').append(filters.get(i))
                        .append("' (reason code 0x").append(Integer.toHexString(codes[i])).append(')');
            }
        }
        return refused.isEmpty() ? null : refused.toString();
    }

    @Override
    public void acknowledge(int messageId, int qos) throws IOException {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            throw new IOException("cannot acknowledge MQTT message " + messageId + " on " + broker.url() + ": "
                    + describe(e), e);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttMessage message = new MqttMessage(payload, qos, retain, new MqttProperties());
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        done.completeExceptionally(new IOException("broker " + broker.url() + " refused a message on '"
                                + topic + "' (reason code 0x" + Integer.toHexString(codes[0]) + ")"));
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException e) {
            throw new IOException("cannot publish to '" + topic + "' on " + broker.url() + ": " + describe(e), e);
        }
        return done;
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /**
     * Disconnects and closes the client for good, also when called on an interrupted thread (a cancelled Flink task)
     * or while Paho is in the middle of an automatic reconnect. Paho's {@code close(true)} refuses a client that is
     * connected or connecting, and a client that is not closed keeps reconnecting on its own: it would take its
     * persistent session back from the next reader with the same client id and hold that session's unacknowledged
     * messages where nobody reads or acknowledges them.
     */
    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        boolean interrupted = Thread.interrupted(); // an interrupt would cut Paho's waits short and leave it open
        try {
            long timeoutMillis = options.connectTimeout().toMillis();
            try {
                if (c.isConnected()) {
                    c.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
                }
            } catch (MqttException e) {
                LOG.debug("MQTT client {} did not disconnect cleanly: {}", options.clientId(), describe(e));
            }
            long deadline = System.nanoTime() + 2 * (timeoutMillis + 1_000) * 1_000_000L;
            while (true) {
                try {
                    c.close(true);
                    return;
                } catch (MqttException e) {
                    if (System.nanoTime() > deadline) {
                        LOG.error("MQTT client {} could not be closed ({}): it may reconnect and hold its session",
                                options.clientId(), describe(e));
                        return;
                    }
                    try {
                        if (c.isConnected()) {
                            c.disconnectForcibly(0, timeoutMillis, false);
                        } else {
                            Thread.sleep(20); // connecting: Paho refuses both close and disconnect until it is done
                        }
                    } catch (MqttException again) {
                        LOG.debug("MQTT client {} did not disconnect forcibly: {}", options.clientId(),
                                describe(again));
                    } catch (InterruptedException again) {
                        interrupted = true;
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private SSLContext sslContext() throws IOException {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (broker.trustStorePath() == null) {
                trust.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(broker.trustStoreType());
                try (InputStream in = Files.newInputStream(Path.of(broker.trustStorePath()))) {
                    store.load(in, broker.trustStorePassword().value().toCharArray());
                }
                trust.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for " + broker.url() + " with trust store "
                    + broker.trustStorePath() + ": " + e.getMessage(), e);
        }
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + " (reason code " + e.getReasonCode() + ")"
                + (cause == null ? "" : ": " + cause.getMessage());
    }

    private final class PahoCallback implements MqttCallback {
        private final Callback callback;

        PahoCallback(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("MQTT client {} lost its connection to {}: {}", options.clientId(), broker.url(), response);
            callback.connectionLost(response.getException());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            callback.failed(new IOException("MQTT client " + options.clientId() + " on " + broker.url() + ": "
                    + describe(e), e));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            callback.messageArrived(topic, message.getPayload(), message.getId(), message.getQos());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            LOG.info("MQTT client {} reconnected to {}", options.clientId(), serverUri);
            MqttAsyncClient c = client;
            if (c != null && !filters.isEmpty()) {
                try {
                    // Asynchronous: waiting on a token inside Paho's callback would block its only callback thread.
                    c.subscribe(subscriptions(), null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            String refused = refusedFilters(token);
                            if (refused != null) {
                                callback.failed(new IOException("broker " + broker.url()
                                        + " refused the subscription of " + refused + " after a reconnect"));
                            }
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            LOG.warn("MQTT client {} could not subscribe again after a reconnect: {}",
                                    options.clientId(), e.getMessage());
                        }
                    }, new MqttProperties());
                } catch (MqttException e) {
                    LOG.warn("MQTT client {} could not subscribe again after a reconnect: {}", options.clientId(),
                            describe(e));
                }
            }
            callback.reconnected();
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
