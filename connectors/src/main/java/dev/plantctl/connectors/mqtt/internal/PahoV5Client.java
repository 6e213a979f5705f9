package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import dev.plantctl.connectors.mqtt.PahoV5Connections;
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

import java.io.IOException;
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
        MqttConnectionOptions connection = PahoV5Connections.options(broker, options.clientId());
        connection.setCleanStart(!options.persistentSession());
        connection.setSessionExpiryInterval(options.persistentSession() ? options.sessionExpiry().toSeconds() : 0L);
        connection.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        connection.setConnectionTimeout((int) Math.max(1, options.connectTimeout().toSeconds()));
        connection.setAutomaticReconnect(true);
        connection.setAutomaticReconnectDelay(1, (int) Math.max(1, options.maxReconnectDelay().toSeconds()));
        connection.setReceiveMaximum(options.receiveMaximum());
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
                    + PahoSupport.describe(e), e);
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
            throw new IOException("cannot subscribe to " + topicFilters + " on " + broker.url() + ": "
                    + PahoSupport.describe(e), e);
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
                    + PahoSupport.describe(e), e);
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
            throw new IOException("cannot publish to '" + topic + "' on " + broker.url() + ": "
                    + PahoSupport.describe(e), e);
        }
        return done;
    }

    @Override
    public String protocolVersion() {
        return "5";
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
                    + PahoSupport.describe(e), e));
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
                            PahoSupport.describe(e));
                }
            }
            callback.reconnected();
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
