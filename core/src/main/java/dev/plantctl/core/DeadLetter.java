package dev.plantctl.core;

import java.util.Objects;

/**
 * A sample that ingestion refused, with the reason, so that nothing is dropped silently.
 *
 * @param sample the sample as it arrived
 * @param reason a machine-readable reason
 * @param detail a sentence for a person: what was wrong and where
 */
public record DeadLetter(RawSample sample, Reason reason, String detail) {

    /** Why a sample was refused. */
    public enum Reason { UNKNOWN_ADDRESS, MALFORMED_PAYLOAD, NOT_A_NUMBER, NOT_FINITE, BAD_STATUS, OUT_OF_RANGE }

    public DeadLetter {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
