package dev.plantctl.ingestion;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a JSON payload into one sample per configured JSON pointer (RFC 6901), e.g. {@code /air/temperature}
 * in {@code {"ts": 1769904000000, "air": {"temperature": 21.5}}}. A sample's address is
 * {@link #address(String, String) topic#pointer}.
 *
 * <p>The event time is read at the time pointer when one is configured (a payload without a readable time
 * there is malformed), else it is the message's arrival. Times must lie between 1970 and 9999. A payload that
 * is not one strict JSON value (duplicate keys and trailing content are refused) is malformed; a pointer that
 * finds nothing gives a sample of type {@value PayloadDecoder#TYPE_MISSING}.
 */
public final class JsonPayloadDecoder implements PayloadDecoder {

    private static final long serialVersionUID = 1L;
    /** The earliest event time a payload may carry. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The latest event time a payload may carry. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private final List<String> pointers;
    private final JsonTime time;
    private transient JsonPointer[] compiled;
    private transient JsonPointer timePointer;

    /**
     * @param pointers the JSON pointers of the values, one sample each
     * @param time     where the event time is, or null to stamp samples with the message's arrival
     * @throws IllegalArgumentException when a pointer is not a valid JSON pointer
     */
    public JsonPayloadDecoder(List<String> pointers, JsonTime time) {
        this.pointers = List.copyOf(pointers);
        this.time = time;
        compile();
    }

    /** The address of the value at a pointer in the messages of a topic: {@code topic + "#" + pointer}. */
    public static String address(String topic, String pointer) {
        return topic + "#" + pointer;
    }

    /**
     * Checks that a string is a JSON pointer: empty (the whole document) or starting with {@code /}, with
     * {@code ~} only in the escapes {@code ~0} and {@code ~1}.
     *
     * @throws IllegalArgumentException when it is not
     */
    public static void checkPointer(String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        try {
            JsonPointer.compile(pointer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: it must be empty or start"
                    + " with '/'");
        }
        for (int i = pointer.indexOf('~'); i >= 0; i = pointer.indexOf('~', i + 1)) {
            if (i + 1 >= pointer.length() || (pointer.charAt(i + 1) != '0' && pointer.charAt(i + 1) != '1')) {
                throw new IllegalArgumentException("'" + pointer + "' is not a JSON pointer: '~' must be followed by"
                        + " 0 or 1");
            }
        }
    }

    private void compile() {
        compiled = pointers.stream().map(JsonPointer::compile).toArray(JsonPointer[]::new);
        timePointer = time == null ? null : JsonPointer.compile(time.pointer());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        compile();
    }

    @Override
    public Decoded decode(RawMessage message) {
        Json.Parsed parsed = Json.parse(message);
        if (parsed.refusal() != null) {
            return parsed.refusal();
        }
        JsonNode root = parsed.node();
        if (root == null || root.isMissingNode()) {
            return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic() + " is empty");
        }
        Instant eventTime = message.receivedAt();
        if (time != null) {
            TimeRead t = readTime(root.at(timePointer));
            if (t.problem() != null) {
                return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                        + ": time at '" + time.pointer() + "' " + t.problem());
            }
            eventTime = t.time();
        }
        List<RawSample> samples = new ArrayList<>(compiled.length);
        for (int i = 0; i < compiled.length; i++) {
            JsonNode node = root.at(compiled[i]);
            samples.add(new RawSample(message.source(), address(message.topic(), pointers.get(i)),
                    node.isNumber() ? node.doubleValue() : Double.NaN, Json.typeName(node), eventTime, message.receivedAt(), 0));
        }
        return new Decoded.Samples(samples);
    }

    /** A time read from a payload, or why it could not be. */
    private record TimeRead(Instant time, String problem) { }

    private TimeRead readTime(JsonNode t) {
        if (t.isMissingNode()) {
            return new TimeRead(null, "is missing");
        }
        Instant instant;
        if (time.format() == JsonTime.Format.ISO_8601) {
            if (!t.isTextual()) {
                return new TimeRead(null, "is not an ISO-8601 string but " + Json.typeName(t));
            }
            try {
                instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t.textValue(), OffsetDateTime::from).toInstant();
            } catch (DateTimeException e) {
                return new TimeRead(null, "is not an ISO-8601 time with offset: " + Json.shortProblem(e.getMessage()));
            }
        } else {
            if (!t.isNumber()) {
                return new TimeRead(null, "is not a number but " + Json.typeName(t));
            }
            double millis = time.format() == JsonTime.Format.EPOCH_SECONDS ? t.doubleValue() * 1000 : t.doubleValue();
            if (!(millis >= EARLIEST.toEpochMilli() && millis <= LATEST.toEpochMilli())) {
                return new TimeRead(null, "lies outside " + EARLIEST + " .. " + LATEST);
            }
            instant = Instant.ofEpochMilli(Math.round(millis));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            return new TimeRead(null, "lies outside " + EARLIEST + " .. " + LATEST);
        }
        return new TimeRead(instant, null);
    }

    @Override
    public String toString() {
        return "JsonPayloadDecoder" + pointers + (time == null ? "" : " time " + time);
    }
}
