package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;

import java.util.List;
import java.util.Objects;

/** What a {@link PayloadDecoder} made of one message: samples, or one dead letter for the whole message. */
public sealed interface Decoded {

    /** The number of outcomes validation will account for: one per sample, or the one dead letter. */
    int outcomes();

    /**
     * The message decoded into samples, one per value asked for.
     *
     * @param samples the samples, in the order the values were asked for
     */
    record Samples(List<RawSample> samples) implements Decoded {

        public Samples {
            samples = List.copyOf(samples);
        }

        @Override
        public int outcomes() {
            return samples.size();
        }
    }

    /**
     * The message could not be decoded.
     *
     * @param deadLetter the dead letter that carries the message and the reason
     */
    record Undecodable(DeadLetter deadLetter) implements Decoded {

        public Undecodable {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public int outcomes() {
            return 1;
        }
    }

    /** A message refused as a whole. */
    static Decoded refuse(RawMessage message, DeadLetter.Reason reason, String detail) {
        return new Undecodable(new DeadLetter(message, reason, detail));
    }
}
