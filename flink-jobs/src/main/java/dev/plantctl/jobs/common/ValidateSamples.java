package dev.plantctl.jobs.common;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;
import dev.plantctl.ingestion.ArrivalHistory;
import dev.plantctl.ingestion.SampleValidator;
import dev.plantctl.ingestion.Validated;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by sample address: validates raw samples with the {@link SampleValidator}, the address's
 * {@link ArrivalHistory} in keyed state (so duplicates, out-of-order and late samples are told apart per tag).
 * Readings go to the main output, dead letters to {@link #DEAD_LETTERS}; nothing is dropped.
 *
 * <p>Counts readings in the accumulator {@value #READINGS} (of which {@value #READINGS_OUT_OF_ORDER} out of
 * order), dead letters in {@value #DEAD_LETTER_COUNT} and per reason in {@link #deadLetterCount(Reason)}, and the
 * same as operator metrics ({@code readings}, {@code readings_out_of_order}, {@code dead_letters.<reason>}).
 */
public final class ValidateSamples extends KeyedProcessFunction<String, RawSample, Reading> {

    private static final long serialVersionUID = 2L;

    /** The side output of refused inputs, shared by every ingestion operator of a job. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") { };
    /** Accumulator name: readings accepted. */
    public static final String READINGS = "readings";
    /** Accumulator name: readings accepted although older than their tag's latest. */
    public static final String READINGS_OUT_OF_ORDER = "readings_out_of_order";
    /** Accumulator name: inputs refused, all reasons. */
    public static final String DEAD_LETTER_COUNT = "dead_letters";

    private final SampleValidator validator;
    private transient ValueState<ArrivalHistory> history;
    private transient LongCounter readings;
    private transient LongCounter outOfOrder;
    private transient Counter readingsMetric;
    private transient Counter outOfOrderMetric;
    private transient DeadLetterCounters deadLetters;

    public ValidateSamples(SampleValidator validator) {
        this.validator = validator;
    }

    /** The accumulator name of the count of dead letters for one reason, e.g. {@code dead_letters.late}. */
    public static String deadLetterCount(Reason reason) {
        return DeadLetterCounters.accumulatorName(reason);
    }

    @Override
    public void open(OpenContext openContext) {
        history = getRuntimeContext().getState(new ValueStateDescriptor<>("arrivals", ArrivalHistory.class));
        readings = getRuntimeContext().getLongCounter(READINGS);
        outOfOrder = getRuntimeContext().getLongCounter(READINGS_OUT_OF_ORDER);
        readingsMetric = getRuntimeContext().getMetricGroup().counter("readings");
        outOfOrderMetric = getRuntimeContext().getMetricGroup().counter("readings_out_of_order");
        deadLetters = new DeadLetterCounters(getRuntimeContext());
    }

    @Override
    public void processElement(RawSample sample, Context ctx, Collector<Reading> out) throws Exception {
        ArrivalHistory h = history.value();
        if (h == null) {
            h = new ArrivalHistory();
        }
        Validated v = validator.validate(sample, h);
        if (v instanceof Validated.Accepted a) {
            history.update(h);
            readings.add(1);
            readingsMetric.inc();
            if (a.outOfOrder()) {
                outOfOrder.add(1);
                outOfOrderMetric.inc();
            }
            out.collect(a.reading());
        } else if (v instanceof Validated.Refused r) {
            deadLetters.count(r.deadLetter());
            ctx.output(DEAD_LETTERS, r.deadLetter());
        }
    }
}
