package dev.plantctl.jobs.common;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts dead letters in total and per reason, as accumulators (merged by name over all operators and
 * subtasks, read from the job's result) and as metrics of the operator (group {@code dead_letters}, one counter
 * per reason in lower case). Created in an operator's {@code open}.
 */
final class DeadLetterCounters {

    private final LongCounter total;
    private final Map<Reason, LongCounter> accumulators = new EnumMap<>(Reason.class);
    private final Map<Reason, Counter> metrics = new EnumMap<>(Reason.class);

    DeadLetterCounters(RuntimeContext context) {
        total = context.getLongCounter(ValidateSamples.DEAD_LETTER_COUNT);
        MetricGroup group = context.getMetricGroup().addGroup("dead_letters");
        for (Reason r : Reason.values()) {
            accumulators.put(r, context.getLongCounter(accumulatorName(r)));
            metrics.put(r, group.counter(r.name().toLowerCase(Locale.ROOT)));
        }
    }

    /** The accumulator name of one reason's count: {@code dead_letters.<reason in lower case>}. */
    static String accumulatorName(Reason reason) {
        return ValidateSamples.DEAD_LETTER_COUNT + "." + reason.name().toLowerCase(Locale.ROOT);
    }

    void count(DeadLetter d) {
        total.add(1);
        accumulators.get(d.reason()).add(1);
        metrics.get(d.reason()).inc();
    }
}
