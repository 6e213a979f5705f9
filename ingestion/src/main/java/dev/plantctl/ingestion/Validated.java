package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Reading;

/** The outcome of validating one sample: exactly one of a reading or a dead letter. */
public sealed interface Validated {

    /** The sample became a trusted reading. */
    record Accepted(Reading reading) implements Validated { }

    /** The sample was refused; the dead letter says why. */
    record Refused(DeadLetter deadLetter) implements Validated { }
}
