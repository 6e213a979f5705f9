package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientAdapter;
import dev.plantctl.connectors.mqtt.MqttClientOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * MQTT 5 where the broker speaks it, MQTT 3.1.1 otherwise: connects with {@link PahoV5Client} and, when the broker
 * refuses the protocol version, with {@link PahoV3Client}. A broker that knows MQTT 5 but refuses it answers
 * "unsupported protocol version" (0x84); a 3.1.1-only broker answers with its own return code 1, which Paho's MQTT 5
 * client reports as an invalid return code. Any other failure (a refused login, an unreachable broker) is not a
 * reason to try 3.1.1 and is reported as it is.
 */
public final class PahoVersionFallback implements MqttClientAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PahoVersionFallback.class);
    private static final Set<Integer> VERSION_REFUSED = Set.of(MqttReturnCode.RETURN_CODE_UNSUPPORTED_PROTOCOL_VERSION,
            MqttException.REASON_CODE_INVALID_RETURN_CODE,
            MqttException.REASON_CODE_UNSUPPORTED_PROTOCOL_VERSION);

    private final MqttBroker broker;
    private final MqttClientOptions options;
    private MqttClientAdapter client;

    public PahoVersionFallback(MqttBroker broker, MqttClientOptions options) {
        this.broker = broker;
        this.options = options;
    }

    @Override
    public void connect(Callback callback) throws IOException {
        MqttClientAdapter v5 = new PahoV5Client(broker, options);
        try {
            v5.connect(callback);
            client = v5;
        } catch (IOException e) {
            if (!(e.getCause() instanceof MqttException m) || !VERSION_REFUSED.contains(m.getReasonCode())) {
                throw e;
            }
            LOG.info("MQTT broker {} does not speak MQTT 5 ({}); client {} connects with MQTT 3.1.1", broker.url(),
                    m.getMessage(), options.clientId());
            MqttClientAdapter v3 = new PahoV3Client(broker, options);
            v3.connect(callback);
            client = v3;
        }
    }

    @Override
    public String protocolVersion() {
        return client == null ? "not connected" : client.protocolVersion();
    }

    @Override
    public void subscribe(List<String> topicFilters, int qos) throws IOException {
        client.subscribe(topicFilters, qos);
    }

    @Override
    public void acknowledge(int messageId, int qos) throws IOException {
        client.acknowledge(messageId, qos);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) throws IOException {
        return client.publish(topic, payload, qos, retain);
    }

    @Override
    public boolean isConnected() {
        return client != null && client.isConnected();
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
