package dev.plantctl.ingestion;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The recent event times of one tag's accepted samples, to tell duplicates, out-of-order and late samples
 * apart. Keeps the times within the allowed lateness of the latest, at most {@value #CAPACITY} of them (beyond
 * that the oldest are forgotten, and a repeat of a forgotten time counts as out of order, not as a duplicate).
 *
 * <p>Mutable and not thread-safe: one per tag, owned by one validating thread (in Flink: keyed state). A Flink
 * POJO (public no-argument constructor, getter and setter), so that keyed state needs no generic serializer.
 */
public final class ArrivalHistory implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The most event times remembered per tag. */
    public static final int CAPACITY = 64;

    /** How a sample's event time relates to the tag's history. */
    public enum Arrival {
        /** Later than every sample so far (or the first). */
        IN_ORDER,
        /** Earlier than the latest, but within the allowed lateness and not seen before. */
        OUT_OF_ORDER,
        /** The same event time as a sample already accepted. */
        DUPLICATE,
        /** Earlier than the latest by more than the allowed lateness. */
        LATE
    }

    private long[] times = new long[0];

    /** An empty history. */
    public ArrivalHistory() {
    }

    /** The remembered event times in epoch milliseconds, ascending (for Flink's POJO serializer). */
    public long[] getTimes() {
        return times;
    }

    /** Replaces the remembered event times (for Flink's POJO serializer); they must be ascending. */
    public void setTimes(long[] times) {
        this.times = times;
    }

    /** How a sample stamped at {@code time} arrives, given the allowed lateness, both in milliseconds. */
    public Arrival classify(long time, long allowedLatenessMillis) {
        int n = times.length;
        if (n == 0 || time > times[n - 1]) {
            return Arrival.IN_ORDER;
        }
        if (Arrays.binarySearch(times, time) >= 0) {
            return Arrival.DUPLICATE;
        }
        return time < times[n - 1] - allowedLatenessMillis ? Arrival.LATE : Arrival.OUT_OF_ORDER;
    }

    /** Remembers an accepted sample's event time and forgets those now beyond the allowed lateness. */
    public void record(long time, long allowedLatenessMillis) {
        int n = times.length;
        long latest = n == 0 ? time : Math.max(times[n - 1], time);
        long horizon = latest - allowedLatenessMillis;
        int insert = Arrays.binarySearch(times, time);
        if (insert >= 0) {
            return;
        }
        insert = -insert - 1;
        int from = 0;
        while (from < n && times[from] < horizon) {
            from++;
        }
        int kept = Math.max(0, insert - from) + (n - Math.max(insert, from)) + 1;
        long[] next = new long[kept];
        int k = 0;
        for (int i = from; i < insert; i++) {
            next[k++] = times[i];
        }
        next[k++] = time;
        for (int i = Math.max(insert, from); i < n; i++) {
            next[k++] = times[i];
        }
        times = next.length > CAPACITY ? Arrays.copyOfRange(next, next.length - CAPACITY, next.length) : next;
    }
}
