package dev.plantctl.jobs.common;

import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import dev.plantctl.ingestion.Decoded;
import dev.plantctl.ingestion.PayloadDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes broker messages with a {@link PayloadDecoder} (usually a tag map's): samples go to the main output,
 * undecodable messages as dead letters to {@link ValidateSamples#DEAD_LETTERS}, counted per reason like
 * {@link ValidateSamples}'s. Stateless; the samples still need validation.
 */
public final class DecodeMessages extends ProcessFunction<RawMessage, RawSample> {

    private static final long serialVersionUID = 1L;

    private final PayloadDecoder decoder;
    private transient DeadLetterCounters deadLetters;

    public DecodeMessages(PayloadDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void open(OpenContext openContext) {
        deadLetters = new DeadLetterCounters(getRuntimeContext());
    }

    @Override
    public void processElement(RawMessage message, Context ctx, Collector<RawSample> out) {
        Decoded decoded = decoder.decode(message);
        if (decoded instanceof Decoded.Samples s) {
            s.samples().forEach(out::collect);
        } else if (decoded instanceof Decoded.Undecodable u) {
            deadLetters.count(u.deadLetter());
            ctx.output(ValidateSamples.DEAD_LETTERS, u.deadLetter());
        }
    }
}
