package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Reading;

import java.util.Objects;

/** The outcome of validating one sample: exactly one of a reading or a dead letter. */
public sealed interface Validated {

    /**
     * The sample became a trusted reading.
     *
     * @param reading    the reading, in the tag's canonical unit
     * @param outOfOrder true when it is older than the tag's latest reading (but within the allowed lateness)
     */
    record Accepted(Reading reading, boolean outOfOrder) implements Validated {

        public Accepted {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /**
     * The sample was refused; the dead letter says why.
     *
     * @param deadLetter the dead letter
     */
    record Refused(DeadLetter deadLetter) implements Validated {

        public Refused {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }
    }
}
