package dev.plantctl.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A validated value of one tag of one plant unit, in the tag's canonical unit.
 *
 * @param plant     the plant, e.g. {@code greenhouse}
 * @param unitId    the unit within the plant: a greenhouse compartment, a printer
 * @param tag       the canonical tag name, e.g. {@code air_temperature}
 * @param value     the value in {@code unit}; always finite
 * @param unit      the canonical unit, e.g. {@code degC}
 * @param eventTime when the plant sampled it
 * @param quality   how far it can be trusted
 */
public record Reading(String plant, String unitId, String tag, double value, String unit,
                      Instant eventTime, Quality quality) {

    public Reading {
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(quality, "quality");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("reading " + unitId + "/" + tag + " is not finite: " + value);
        }
    }
}
