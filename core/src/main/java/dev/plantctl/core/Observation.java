package dev.plantctl.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a controller sees of one plant unit at one control instant: the latest value of each tag with its age.
 *
 * @param plant   the plant
 * @param unitId  the plant unit (compartment, printer)
 * @param time    the control instant, in the plant's event time
 * @param values  tag name to latest value; a tag that never reported is absent
 */
public record Observation(String plant, String unitId, Instant time, Map<String, TagValue> values) {

    public Observation {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(time, "time");
        values = Map.copyOf(values);
    }

    /** The tag's value, when it is present and not stale. */
    public Optional<Double> fresh(String tag) {
        TagValue v = values.get(tag);
        return v == null || v.stale() ? Optional.empty() : Optional.of(v.value());
    }

    /** True when every one of the given tags is present and fresh. */
    public boolean hasFresh(Iterable<String> tags) {
        for (String tag : tags) {
            if (fresh(tag).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Tags that are missing or stale among the given ones, sorted. */
    public java.util.List<String> staleOrMissing(Iterable<String> tags) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String tag : tags) {
            if (fresh(tag).isEmpty()) {
                out.add(tag);
            }
        }
        java.util.Collections.sort(out);
        return out;
    }

    /** The values as a sorted map, for stable printing. */
    public Map<String, TagValue> sortedValues() {
        return new TreeMap<>(values);
    }
}
