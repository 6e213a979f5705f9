package dev.plantctl.ingestion;

import dev.plantctl.core.Observation;
import dev.plantctl.core.Reading;
import dev.plantctl.core.TagValue;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one observation per plant unit and control period from the latest reading of each tag.
 *
 * <p>Control instants are the multiples of the control period in event time. An observation for an instant
 * is <em>complete</em> as soon as every bound tag of the unit has a reading stamped exactly at that instant
 * (a plant or simulator that samples on the control grid); otherwise it is assembled later from whatever is
 * there, and each tag whose value is older than its staleness limit, or missing, is flagged stale. A value
 * stamped after the instant (out of order) counts as fresh with age zero.
 */
public final class ObservationAssembler implements Serializable {

    private static final long serialVersionUID = 1L;

    private final TagMap tagMap;
    private final long periodMillis;

    /**
     * @param tagMap        the bindings that say which tags each unit has and their staleness limits
     * @param controlPeriod the control period; a positive whole number of milliseconds
     */
    public ObservationAssembler(TagMap tagMap, Duration controlPeriod) {
        this.tagMap = Objects.requireNonNull(tagMap, "tagMap");
        if (controlPeriod.isNegative() || controlPeriod.isZero()) {
            throw new IllegalArgumentException("control period must be positive: " + controlPeriod);
        }
        this.periodMillis = controlPeriod.toMillis();
    }

    /** The first control instant at or after the given time. */
    public Instant instantAtOrAfter(Instant time) {
        long t = time.toEpochMilli();
        return Instant.ofEpochMilli(Math.floorDiv(t + periodMillis - 1, periodMillis) * periodMillis);
    }

    /** True when every bound tag of the unit has a reading stamped exactly at the control instant. */
    public boolean isComplete(String unitId, Instant instant, Map<String, Reading> latestByTag) {
        List<TagBinding> bindings = tagMap.bindingsOf(unitId);
        if (bindings.isEmpty()) {
            return false;
        }
        for (TagBinding b : bindings) {
            Reading r = latestByTag.get(b.tag());
            if (r == null || !r.eventTime().equals(instant)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The observation of a unit at a control instant from the latest reading of each tag. Tags without a
     * reading are left out, and so are readings of tags the tag map does not bind for this unit.
     */
    public Observation assemble(String plant, String unitId, Instant instant, Map<String, Reading> latestByTag) {
        Map<String, TagValue> values = new HashMap<>();
        for (TagBinding b : tagMap.bindingsOf(unitId)) {
            Reading r = latestByTag.get(b.tag());
            if (r == null) {
                continue;
            }
            long age = Math.max(0, instant.toEpochMilli() - r.eventTime().toEpochMilli());
            boolean stale = age > b.stalenessLimit().toMillis();
            values.put(b.tag(), new TagValue(r.value(), age, stale, r.quality()));
        }
        return new Observation(plant, unitId, instant, values);
    }
}
