package dev.plantctl.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The latest value of one tag as seen at an observation's time.
 *
 * @param value     the value in the tag's canonical unit
 * @param ageMillis how old the value was at the observation's time, in milliseconds of event time
 * @param stale     true when the age exceeds the tag's staleness limit: controllers must not trust it
 * @param quality   the reading's quality
 */
public record TagValue(double value, long ageMillis, boolean stale, Quality quality) {

    public TagValue {
        Objects.requireNonNull(quality, "quality");
    }

    /** The age as a duration. */
    public Duration age() {
        return Duration.ofMillis(ageMillis);
    }
}
