package dev.plantctl.connectors.mqtt;

import dev.plantctl.connectors.mqtt.internal.PahoV3Client;
import dev.plantctl.connectors.mqtt.internal.PahoV5Client;
import dev.plantctl.connectors.mqtt.internal.PahoVersionFallback;

import java.io.Serializable;

/** Makes the {@link MqttClientAdapter} of each reader or writer; shipped with the job, so serializable. */
@FunctionalInterface
public interface MqttClientFactory extends Serializable {

    /** A client for this broker with these session settings; not yet connected. */
    MqttClientAdapter create(MqttBroker broker, MqttClientOptions options);

    /**
     * Eclipse Paho, MQTT 5 where the broker speaks it and MQTT 3.1.1 otherwise (the default). With 3.1.1 a
     * persistent session has no expiry of its own: the broker keeps it as long as it is configured to.
     */
    static MqttClientFactory paho() {
        return PahoVersionFallback::new;
    }

    /** Eclipse Paho's MQTT 5 client only. */
    static MqttClientFactory pahoV5() {
        return PahoV5Client::new;
    }

    /** Eclipse Paho's MQTT 3.1.1 client only. */
    static MqttClientFactory pahoV3() {
        return PahoV3Client::new;
    }
}
