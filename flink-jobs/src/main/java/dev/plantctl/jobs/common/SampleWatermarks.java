package dev.plantctl.jobs.common;

import dev.plantctl.core.RawSample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/**
 * The event-time policy of raw samples: the sample's source time is its event time; the watermark trails the
 * latest source time by a bounded out-of-orderness; a source split (or parallel instance) that has sent nothing
 * for the idleness timeout, in wall-clock time, stops holding the watermark back, so one silent sensor or
 * reader does not stall the others. It counts again with its next sample.
 */
public final class SampleWatermarks {

    private SampleWatermarks() {
    }

    /**
     * @param maxOutOfOrderness how far behind the latest source time a sample may arrive without being late for
     *                          event-time timers; zero or positive
     * @param idleness          after how long without samples a split stops holding the watermark; positive
     */
    public static WatermarkStrategy<RawSample> strategy(Duration maxOutOfOrderness, Duration idleness) {
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative: " + maxOutOfOrderness);
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("idleness must be positive: " + idleness);
        }
        return WatermarkStrategy.<RawSample>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((s, previous) -> s.sourceTime().toEpochMilli())
                .withIdleness(idleness);
    }
}
