package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.core.RawSample;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per node, how far a reader has emitted: the source time of the last value, and the value itself. A value is new
 * when it is stamped later, or at the same time with another value or status (a plant that corrects a reading
 * within its step); anything else was emitted already (a backfilled value a live one overlaps, a restored
 * subscription's first value). After a restore only the times are known (they are checkpointed), so a value at a
 * node's last time counts as emitted.
 *
 * <p>The task thread decides and records; {@link #lastTime} and {@link #snapshot} may be read from other threads.
 */
final class EmittedProgress {

    private final Map<String, Instant> times = new ConcurrentHashMap<>();
    private final Map<String, RawSample> lastSamples = new HashMap<>();

    /** @param restored the checkpointed times, per node address */
    EmittedProgress(Map<String, Instant> restored) {
        times.putAll(restored);
    }

    /** Whether the sample is new for its node (see the class comment). */
    boolean isNew(RawSample sample) {
        Instant last = times.get(sample.address());
        if (last == null) {
            return true;
        }
        int order = sample.sourceTime().compareTo(last);
        if (order != 0) {
            return order > 0;
        }
        RawSample previous = lastSamples.get(sample.address());
        return previous != null && (Double.compare(previous.value(), sample.value()) != 0
                || code(previous) != code(sample) || !previous.valueType().equals(sample.valueType()));
    }

    /** The status code without its info bits (a live value may carry Overflow, its history twin does not). */
    private static long code(RawSample sample) {
        return sample.statusCode() & 0xFFFF_0000L;
    }

    /** Records an emitted sample. */
    void emitted(RawSample sample) {
        times.put(sample.address(), sample.sourceTime());
        lastSamples.put(sample.address(), sample);
    }

    /**
     * Forgets a node's progress once a gap was reported for it: what comes next is accepted whatever its time (a
     * restarted server may start its clock again).
     */
    void forget(String address) {
        times.remove(address);
        lastSamples.remove(address);
    }

    /** The source time of the node's last emitted value, or null when none is known. */
    Instant lastTime(String address) {
        return times.get(address);
    }

    /** Every node's last emitted source time, for a checkpoint. */
    Map<String, Instant> snapshot() {
        return Map.copyOf(times);
    }
}
