package dev.plantctl.connectors.mqtt;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message for {@link MqttSink} to publish.
 *
 * @param topic   the topic name (no wildcards)
 * @param payload the payload bytes
 */
public record MqttRecord(String topic, byte[] payload) {

    public MqttRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttRecord r && topic.equals(r.topic) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "MqttRecord[topic=" + topic + ", payload=" + payload.length + " bytes]";
    }
}
