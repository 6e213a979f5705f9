package dev.plantctl.simulators.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The last values of one variable, at most {@code depth}, ordered by source time: one value per source time (a value
 * set again at the same source time replaces the kept one, as a plant's controls do when a write is applied within a
 * step). When full, the value with the oldest source time is dropped. Thread safe.
 */
final class ValueHistory {

    /** One page of a forward raw read: the values, and where the next page starts (null when there is none). */
    record Page(List<DataValue> values, Long nextSourceTime) {
    }

    private final int depth;
    private final NavigableMap<Long, DataValue> values = new TreeMap<>();

    /** @param depth how many values to keep; at least 1 */
    ValueHistory(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("history depth must be >= 1, got " + depth);
        }
        this.depth = depth;
    }

    /** Keeps a value (it needs a source timestamp), dropping the oldest kept one when the history is full. */
    synchronized void record(DataValue value) {
        values.put(value.getSourceTime().getUtcTime(), value);
        if (values.size() > depth) {
            values.pollFirstEntry();
        }
    }

    /**
     * The kept values stamped at or after {@code from} and before {@code until}, oldest first, at most {@code max}.
     *
     * @param from  the first source time (OPC UA UtcTime ticks), inclusive
     * @param until the last source time, exclusive; {@link Long#MAX_VALUE} for no end
     * @param max   at most this many values (at least 1)
     * @return the values and, when more would follow, the source time of the next one
     */
    synchronized Page read(long from, long until, int max) {
        List<DataValue> page = new ArrayList<>();
        for (Map.Entry<Long, DataValue> e : values.subMap(from, true, until, false).entrySet()) {
            if (page.size() == max) {
                return new Page(page, e.getKey());
            }
            page.add(e.getValue());
        }
        return new Page(page, null);
    }

    /** Whether a value stamped exactly {@code time} is kept: a page that was to start there can still be served. */
    synchronized boolean holds(long time) {
        return values.containsKey(time);
    }
}
