package dev.plantctl.connectors.mqtt;

import org.apache.flink.api.connector.source.SourceSplit;

import java.io.Serializable;
import java.util.Objects;

/**
 * One MQTT client session of an {@link MqttSource}: its client id is stable across restarts, so that after a
 * failure the reader that gets the split back finds the broker's persistent session, with the messages it had
 * not acknowledged, again.
 *
 * @param splitId  a decimal number, unique within the source
 * @param clientId the MQTT client id of the session
 */
public record MqttSplit(String splitId, String clientId) implements SourceSplit, Serializable {

    public MqttSplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(clientId, "clientId");
    }
}
