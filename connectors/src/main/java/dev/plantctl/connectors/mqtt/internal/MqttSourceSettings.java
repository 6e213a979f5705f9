package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttBroker;
import dev.plantctl.connectors.mqtt.MqttClientFactory;
import dev.plantctl.connectors.mqtt.MqttClientOptions;

import java.io.Serializable;
import java.util.List;

/**
 * The reader's settings, validated by the source's builder.
 *
 * @param broker        the broker
 * @param topicFilters  the filters to subscribe to, already with their {@code $share/<group>/} prefix when shared
 * @param qos           the subscription's QoS
 * @param clientOptions the session settings; each split puts its own client id in
 * @param clientFactory the client library
 */
public record MqttSourceSettings(MqttBroker broker, List<String> topicFilters, int qos,
                                 MqttClientOptions clientOptions, MqttClientFactory clientFactory)
        implements Serializable {

    public MqttSourceSettings {
        topicFilters = List.copyOf(topicFilters);
    }

    /** The session settings of one split's client. */
    public MqttClientOptions optionsFor(String clientId) {
        MqttClientOptions o = clientOptions;
        return new MqttClientOptions(clientId, true, o.sessionExpiry(), o.keepAlive(), o.connectTimeout(),
                o.maxReconnectDelay(), o.receiveMaximum(), o.manualAcks());
    }
}
