package dev.plantctl.core;

import java.util.Objects;

/**
 * An input that ingestion refused, with the reason, so that nothing is dropped silently. The input is either a
 * decoded {@link RawSample} or, when its payload could not be decoded at all, the {@link RawMessage} as it
 * arrived: exactly one of {@code sample} and {@code message} is set.
 *
 * @param sample  the sample as it arrived, or {@code null} when the refused input is a message
 * @param message the undecodable message as it arrived, or {@code null} when the refused input is a sample
 * @param reason  a machine-readable reason
 * @param detail  a sentence for a person: what was wrong and where
 */
public record DeadLetter(RawSample sample, RawMessage message, Reason reason, String detail) {

    /** Why an input was refused. */
    public enum Reason {
        /** No tag is bound to the sample's address or the message's topic. */
        UNKNOWN_ADDRESS,
        /** The message's payload could not be decoded (not UTF-8, not JSON, no timestamp where one is due). */
        MALFORMED_PAYLOAD,
        /** The payload decoded, but the field bound to the tag is absent. */
        MISSING_VALUE,
        /** The value is not a number (a string, a boolean, a JSON object). */
        NOT_A_NUMBER,
        /** The value is NaN or infinite. */
        NOT_FINITE,
        /** The source said the value is Bad. */
        BAD_STATUS,
        /** The value lies outside the tag's physical range. */
        OUT_OF_RANGE,
        /** The tag already had a sample with the same event time. */
        DUPLICATE,
        /** The sample is older than the tag's latest by more than the allowed lateness. */
        LATE,
        /** The sample is stamped further ahead of its arrival than the tag allows (a clock or payload error). */
        FUTURE_TIME
    }

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        if ((sample == null) == (message == null)) {
            throw new IllegalArgumentException("a dead letter holds exactly one of a sample and a message");
        }
    }

    /** A refused sample. */
    public DeadLetter(RawSample sample, Reason reason, String detail) {
        this(Objects.requireNonNull(sample, "sample"), null, reason, detail);
    }

    /** A refused, undecodable message. */
    public DeadLetter(RawMessage message, Reason reason, String detail) {
        this(null, Objects.requireNonNull(message, "message"), reason, detail);
    }

    /** The connection the refused input came from. */
    public String source() {
        return sample != null ? sample.source() : message.source();
    }

    /** Where in that source: the sample's address, or the message's topic. */
    public String address() {
        return sample != null ? sample.address() : message.topic();
    }
}
