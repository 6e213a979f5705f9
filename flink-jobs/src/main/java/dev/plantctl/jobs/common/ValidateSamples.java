package dev.plantctl.jobs.common;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.SampleValidator;
import dev.plantctl.ingestion.Validated;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates raw samples: readings go to the main output, dead letters to {@link #DEAD_LETTERS}. Counts both
 * in the accumulators {@value #READINGS} and {@value #DEAD_LETTER_COUNT}.
 */
public final class ValidateSamples extends ProcessFunction<RawSample, Reading> {

    private static final long serialVersionUID = 1L;

    /** The side output of refused samples. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };
    /** Accumulator name: readings accepted. */
    public static final String READINGS = "readings";
    /** Accumulator name: samples refused. */
    public static final String DEAD_LETTER_COUNT = "dead_letters";

    private final SampleValidator validator;
    private transient LongCounter readings;
    private transient LongCounter deadLetters;

    public ValidateSamples(SampleValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(OpenContext openContext) {
        readings = getRuntimeContext().getLongCounter(READINGS);
        deadLetters = getRuntimeContext().getLongCounter(DEAD_LETTER_COUNT);
    }

    @Override
    public void processElement(RawSample sample, Context ctx, Collector<Reading> out) {
        Validated v = validator.validate(sample);
        if (v instanceof Validated.Accepted a) {
            readings.add(1);
            out.collect(a.reading());
        } else if (v instanceof Validated.Refused r) {
            deadLetters.add(1);
            ctx.output(DEAD_LETTERS, r.deadLetter());
        }
    }
}
