package dev.plantctl.ingestion;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;

import java.io.IOException;
import java.util.Locale;

/** The JSON reader the payload decoders share: strict (no duplicate keys, nothing after the value). */
final class Json {

    /** Thread-safe once configured. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final int MAX_DETAIL = 160;

    private Json() {
    }

    /**
     * A message's payload read as JSON, or the refusal that says why it is not JSON.
     *
     * @param node    the JSON value, null when refused
     * @param refusal the MALFORMED_PAYLOAD outcome, null when read
     */
    record Parsed(JsonNode node, Decoded refusal) { }

    /** Reads a message's payload as JSON; a payload that is not JSON becomes a MALFORMED_PAYLOAD refusal. */
    static Parsed parse(RawMessage message) {
        try {
            return new Parsed(MAPPER.readTree(message.payload()), null);
        } catch (JsonProcessingException e) {
            return new Parsed(null, Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                    + " is not JSON: " + shortProblem(e.getOriginalMessage())));
        } catch (IOException e) {
            return new Parsed(null, Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                    + " is unreadable: " + shortProblem(e.getMessage())));
        }
    }

    /** The {@code valueType} of a node that is not a number: {@code String}, {@code Boolean}, ... */
    static String typeName(JsonNode node) {
        if (node.isMissingNode()) {
            return PayloadDecoder.TYPE_MISSING;
        }
        if (node.isNumber()) {
            return PayloadDecoder.TYPE_NUMBER;
        }
        String name = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** A parser's complaint, cut to a length fit for a dead letter's detail. */
    static String shortProblem(String problem) {
        String oneLine = problem == null ? "unreadable" : problem.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
