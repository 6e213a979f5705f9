package dev.plantctl.ingestion;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What one source address means: which tag of which plant unit, how its values convert to the canonical unit,
 * within which physical range they must lie, and how often and how timely they are expected.
 *
 * @param source          where the values come from (an OPC UA node, a field of MQTT messages)
 * @param plant           the plant
 * @param unitId          the plant unit (compartment, printer)
 * @param tag             the canonical tag name
 * @param unit            the canonical unit of the tag's readings
 * @param conversion      from the source's unit to {@code unit}
 * @param min             the lowest physically possible value, in {@code unit}
 * @param max             the highest physically possible value, in {@code unit}
 * @param period          how often the source is expected to report
 * @param stalenessLimit  how old a value may be before a controller must not trust it
 * @param allowedLateness how far behind the tag's latest sample a sample may be and still count (zero: never)
 * @param maxLead         how far a sample's event time may lie ahead of its arrival (the sample's server time),
 *                        or null for no bound (simulators on simulated clocks)
 */
public record TagBinding(TagSource source, String plant, String unitId, String tag, String unit,
                         UnitConversion conversion, double min, double max, Duration period,
                         Duration stalenessLimit, Duration allowedLateness, Duration maxLead)
        implements Serializable {

    public TagBinding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(conversion, "conversion");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(stalenessLimit, "stalenessLimit");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        String name = unitId + "/" + tag;
        if (!conversion.to().equals(unit)) {
            throw new IllegalArgumentException("tag " + name + ": conversion yields " + conversion.to()
                    + ", not the canonical unit " + unit);
        }
        if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
            throw new IllegalArgumentException("tag " + name + ": range [" + min + ", " + max
                    + "] must be finite with min <= max");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("tag " + name + ": period must be positive");
        }
        if (stalenessLimit.isNegative() || stalenessLimit.isZero()) {
            throw new IllegalArgumentException("tag " + name + ": staleness limit must be positive");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("tag " + name + ": allowed lateness must not be negative");
        }
        if (maxLead != null && maxLead.isNegative()) {
            throw new IllegalArgumentException("tag " + name + ": max lead must not be negative");
        }
    }

    /** The address of this tag's samples: {@code source().address()}. */
    public String address() {
        return source.address();
    }
}
