package dev.plantctl.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message as a message broker delivered it, before decoding: ingestion's payload decoders turn it into
 * {@link RawSample}s or a {@link DeadLetter}.
 *
 * @param source     the connection it came from (an MQTT broker URL)
 * @param topic      the topic it was published on
 * @param payload    the payload bytes, as received
 * @param receivedAt when the client received it (the fallback event time when the payload carries none)
 */
public record RawMessage(String source, String topic, byte[] payload, Instant receivedAt) {

    public RawMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage m && source.equals(m.source) && topic.equals(m.topic)
                && Arrays.equals(payload, m.payload) && receivedAt.equals(m.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, topic, Arrays.hashCode(payload), receivedAt);
    }

    @Override
    public String toString() {
        return "RawMessage[source=" + source + ", topic=" + topic + ", payload=" + payload.length + " bytes, receivedAt="
                + receivedAt + "]";
    }
}
