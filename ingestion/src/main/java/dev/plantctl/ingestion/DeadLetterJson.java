package dev.plantctl.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;

import java.util.Base64;

/**
 * A dead letter as one JSON object on one line, for dead-letter files and stores. Keys: {@code input}
 * ({@code sample} or {@code message}), {@code reason}, {@code detail}, {@code source}, {@code address} (a
 * sample's address, a message's topic); for a sample {@code value_type}, {@code value} (a string when not
 * finite), {@code source_time}, {@code status_code}; for a message {@code payload_base64}, {@code payload_bytes},
 * {@code received_at}.
 */
public final class DeadLetterJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterJson() {
    }

    /** The dead letter as one line of JSON, without a line break. */
    public static String toJsonLine(DeadLetter d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("input", d.sample() != null ? "sample" : "message");
        node.put("reason", d.reason().name());
        node.put("detail", d.detail());
        node.put("source", d.source());
        node.put("address", d.address());
        if (d.sample() != null) {
            RawSample s = d.sample();
            node.put("value_type", s.valueType());
            if (Double.isFinite(s.value())) {
                node.put("value", s.value());
            } else {
                node.put("value", Double.toString(s.value()));
            }
            node.put("source_time", s.sourceTime().toString());
            node.put("status_code", s.statusCode());
        } else {
            RawMessage m = d.message();
            node.put("payload_base64", Base64.getEncoder().encodeToString(m.payload()));
            node.put("payload_bytes", m.payload().length);
            node.put("received_at", m.receivedAt().toString());
        }
        return node.toString();
    }
}
