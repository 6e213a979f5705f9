package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MqttClientAdapter} on Eclipse Paho's MQTT 3.1.1 client ({@code org.eclipse.paho.client.mqttv3}), for
 * brokers that do not speak MQTT 5. It keeps the same promises as {@link PahoV5Client} with what 3.1.1 has: a
 * persistent session is a clean-session-off connection (3.1.1 has no session expiry: the broker keeps the session
 * as long as it is configured to, e.g. Mosquitto's {@code persistent_client_expiration}), a publisher connects with a
 * clean session, reconnection is automatic with exponential backoff up to the cap, subscriptions are restored after
 * each reconnect, and QoS 1 messages are acknowledged by hand when asked for. A broker flow-controls a 3.1.1 client
 * by its own in-flight limit, as 3.1.1 has no receive maximum.
 */
public final class PahoV3Client implements MqttClientAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PahoV3Client.class);
    private static final int SUBSCRIPTION_FAILURE = 0x80;

    private final MqttBroker broker;
    private final MqttClientOptions options;
    private volatile MqttAsyncClient client;
    private volatile List<String> filters = List.of();
    private volatile int subscriptionQos;

    public PahoV3Client(MqttBroker broker, MqttClientOptions options) {
        this.broker = broker;
        this.options = options;
    }

    @Override
    public void connect(Callback callback) throws IOException {
        if (broker.isInsecure()) {
            LOG.warn("MQTT 3.1.1 client {} connects to {} without the secure defaults ({}{}): fit for loopback and "
                            + "tests only", options.clientId(), broker.url(), broker.isTls() ? "TLS" : "no TLS",
                    broker.user() == null ? ", anonymous" : "");
        }
        MqttConnectOptions connection = new MqttConnectOptions();
        connection.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        connection.setCleanSession(!options.persistentSession());
        connection.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        connection.setConnectionTimeout((int) Math.max(1, options.connectTimeout().toSeconds()));
        connection.setAutomaticReconnect(true);
        connection.setMaxReconnectDelay((int) Math.max(1_000, options.maxReconnectDelay().toMillis()));
        connection.setMaxInflight(Math.max(10, options.receiveMaximum()));
        if (broker.user() != null) {
            connection.setUserName(broker.user());
            connection.setPassword(broker.password().value().toCharArray());
        }
        if (broker.isTls()) {
            connection.setSocketFactory(broker.sslContext().getSocketFactory());
            connection.setHttpsHostnameVerificationEnabled(true);
        }
        try {
            client = new MqttAsyncClient(broker.url(), options.clientId(), new MemoryPersistence());
            client.setManualAcks(options.manualAcks());
            client.setCallback(new PahoCallback(callback));
            IMqttToken token = client.connect(connection);
            token.waitForCompletion(options.connectTimeout().toMillis() + 1_000);
            LOG.info("MQTT 3.1.1 client {} connected to {} (session present: {})", options.clientId(), broker.url(),
                    token.getSessionPresent());
        } catch (MqttException e) {
            close();
            throw new IOException("cannot connect MQTT 3.1.1 client " + options.clientId() + " to " + broker.url()
                    + ": " + PahoSupport.describe(e), e);
        }
    }

    @Override
    public void subscribe(List<String> topicFilters, int qos) throws IOException {
        this.filters = List.copyOf(topicFilters);
        this.subscriptionQos = qos;
        try {
            IMqttToken token = client.subscribe(filterArray(), qosArray());
            token.waitForCompletion(options.connectTimeout().toMillis() + 1_000);
            String refused = refusedFilters(token);
            if (refused != null) {
                throw new IOException("broker " + broker.url() + " refused the subscription of " + refused);
            }
        } catch (MqttException e) {
            throw new IOException("cannot subscribe to " + topicFilters + " on " + broker.url() + ": "
                    + PahoSupport.describe(e), e);
        }
    }

    private String[] filterArray() {
        return filters.toArray(String[]::new);
    }

    private int[] qosArray() {
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, subscriptionQos);
        return qos;
    }

    private String refusedFilters(IMqttToken token) {
        int[] granted = token.getGrantedQos();
        StringBuilder refused = new StringBuilder();
        for (int i = 0; granted != null && i < granted.length && i < filters.size(); i++) {
            if (granted[i] >= SUBSCRIPTION_FAILURE) {
                refused.append(refused.isEmpty() ? "" : ", ").append('\'').append(filters.get(i)).append('\'');
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
                    + PahoSupport.describe(e), e);
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, qos, retain, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException e) {
            throw new IOException("cannot publish to '" + topic + "' on " + broker.url() + ": "
                    + PahoSupport.describe(e), e);
        }
        return done;
    }

    @Override
    public String protocolVersion() {
        return "3.1.1";
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** Disconnects and closes the client for good (see {@link PahoSupport#closeForGood}). */
    @Override
    public void close() {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        PahoSupport.closeForGood(new PahoSupport.Closable() {
            @Override
            public boolean isConnected() {
                return c.isConnected();
            }

            @Override
            public void disconnect(long timeoutMillis) throws MqttException {
                c.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            }

            @Override
            public void close() throws MqttException {
                c.close(true);
            }

            @Override
            public void disconnectForcibly(long timeoutMillis) throws MqttException {
                c.disconnectForcibly(0, timeoutMillis, false);
            }
        }, options.clientId(), options.connectTimeout().toMillis(), LOG);
    }

    private final class PahoCallback implements MqttCallbackExtended {
        private final Callback callback;

        PahoCallback(Callback callback) {
            this.callback = callback;
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warn("MQTT 3.1.1 client {} lost its connection to {}: {}", options.clientId(), broker.url(),
                    cause == null ? "" : cause.getMessage());
            callback.connectionLost(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            callback.messageArrived(topic, message.getPayload(), message.getId(), message.getQos());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            LOG.info("MQTT 3.1.1 client {} reconnected to {}", options.clientId(), serverUri);
            MqttAsyncClient c = client;
            if (c != null && !filters.isEmpty()) {
                try {
                    // Asynchronous: waiting on a token inside Paho's callback would block its only callback thread.
                    c.subscribe(filterArray(), qosArray(), null, new IMqttActionListener() {
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
                            LOG.warn("MQTT 3.1.1 client {} could not subscribe again after a reconnect: {}",
                                    options.clientId(), e.getMessage());
                        }
                    });
                } catch (MqttException e) {
                    LOG.warn("MQTT 3.1.1 client {} could not subscribe again after a reconnect: {}",
                            options.clientId(), PahoSupport.describe(e));
                }
            }
            callback.reconnected();
        }
    }
}
