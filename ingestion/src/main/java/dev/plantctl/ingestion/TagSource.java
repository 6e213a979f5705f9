package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where a tag's values come from. Its {@link #address()} is what a decoded {@code RawSample} carries, so that
 * validation finds the tag again.
 */
public sealed interface TagSource extends Serializable {

    /** The address of the samples this source yields (for MQTT topic filters with wildcards: the filter's). */
    String address();

    /**
     * An OPC UA node.
     *
     * @param nodeId the node id as text, e.g. {@code nsu=urn:plantctl:sim:greenhouse;s=c1/co2}
     */
    record OpcUaNode(String nodeId) implements TagSource {

        public OpcUaNode {
            Objects.requireNonNull(nodeId, "nodeId");
            if (nodeId.isBlank()) {
                throw new IllegalArgumentException("an OPC UA node id must not be blank");
            }
        }

        @Override
        public String address() {
            return nodeId;
        }
    }

    /**
     * A value in the messages published on an MQTT topic filter.
     *
     * @param topicFilter the topic filter (wildcards {@code +} and {@code #} allowed)
     * @param decoder     how the payload is decoded
     * @param pointer     the JSON pointer of the value ({@link DecoderKind#JSON} only, else empty)
     * @param time        where the event time is ({@link DecoderKind#JSON} only; null: the message's arrival)
     */
    record MqttField(String topicFilter, DecoderKind decoder, String pointer, JsonTime time) implements TagSource {

        public MqttField {
            Objects.requireNonNull(topicFilter, "topicFilter");
            Objects.requireNonNull(decoder, "decoder");
            Objects.requireNonNull(pointer, "pointer");
            TopicFilter.problem(topicFilter).ifPresent(p -> {
                throw new IllegalArgumentException("topic filter '" + topicFilter + "': " + p);
            });
            if (decoder != DecoderKind.JSON && (!pointer.isEmpty() || time != null)) {
                throw new IllegalArgumentException("topic filter '" + topicFilter + "': a pointer and a time field"
                        + " only go with the json decoder, not " + decoder.key());
            }
            if (decoder == DecoderKind.JSON) {
                JsonPayloadDecoder.checkPointer(pointer);
            }
        }

        @Override
        public String address() {
            return decoder == DecoderKind.JSON ? JsonPayloadDecoder.address(topicFilter, pointer) : topicFilter;
        }
    }
}
