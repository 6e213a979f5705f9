package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decoding and validation of one plant's inputs in one thread, with the arrival history of each address kept in
 * memory: the same functions the Flink job runs in its operators (there the history is keyed state), for
 * benchmarks, tests and tools. Not thread-safe.
 *
 * <p>Every input ends in the sink: a message as one outcome per value its decoder asked for, or one dead letter
 * when it could not be decoded; a sample as one reading or one dead letter.
 */
public final class IngestionPipeline {

    /** Receives each input's outcomes. */
    public interface Sink {

        /** A validated reading; {@code outOfOrder} when it is older than its tag's latest. */
        void reading(Reading reading, boolean outOfOrder);

        /** A refused input. */
        void deadLetter(DeadLetter deadLetter);
    }

    private final PayloadDecoder decoder;
    private final SampleValidator validator;
    private final Map<String, ArrivalHistory> histories = new HashMap<>();

    /** A pipeline that decodes with the tag map's MQTT bindings and validates against all its bindings. */
    public IngestionPipeline(TagMap tagMap) {
        this(new TagMapDecoder(tagMap), new SampleValidator(tagMap));
    }

    /** A pipeline of the given decoder and validator. */
    public IngestionPipeline(PayloadDecoder decoder, SampleValidator validator) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * Decodes a message and validates its samples.
     *
     * @return the number of outcomes the sink received
     */
    public int accept(RawMessage message, Sink sink) {
        Decoded decoded = decoder.decode(message);
        if (decoded instanceof Decoded.Samples s) {
            for (RawSample sample : s.samples()) {
                accept(sample, sink);
            }
        } else if (decoded instanceof Decoded.Undecodable u) {
            sink.deadLetter(u.deadLetter());
        }
        return decoded.outcomes();
    }

    /** Validates one sample, with the arrival history of its address. */
    public void accept(RawSample sample, Sink sink) {
        Validated v = validator.validate(sample, histories.computeIfAbsent(sample.address(), a -> new ArrivalHistory()));
        if (v instanceof Validated.Accepted a) {
            sink.reading(a.reading(), a.outOfOrder());
        } else if (v instanceof Validated.Refused r) {
            sink.deadLetter(r.deadLetter());
        }
    }
}
