package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.mqtt.internal.PahoV5Client;

import java.io.Serializable;

/** Makes the {@link MqttClientAdapter} of each reader or writer; shipped with the job, so serializable. */
@FunctionalInterface
public interface MqttClientFactory extends Serializable {

    /** A client for this broker with these session settings; not yet connected. */
    MqttClientAdapter create(MqttBroker broker, MqttClientOptions options);

    /** Eclipse Paho's MQTT 5 client (the default). */
    static MqttClientFactory pahoV5() {
        return PahoV5Client::new;
    }
}
