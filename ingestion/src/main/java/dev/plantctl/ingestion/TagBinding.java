package dev.plantctl.ingestion;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * What one source address means: which tag of which plant unit, in which unit, within which physical range.
 *
 * @param address        the source address (an OPC UA NodeId as text, an MQTT topic)
 * @param plant          the plant
 * @param unitId         the plant unit (compartment, printer)
 * @param tag            the canonical tag name
 * @param unit           the canonical unit the value is in
 * @param min            the lowest physically possible value
 * @param max            the highest physically possible value
 * @param stalenessLimit how old a value may be before a controller must not trust it
 */
public record TagBinding(String address, String plant, String unitId, String tag, String unit,
                         double min, double max, Duration stalenessLimit) implements Serializable {

    public TagBinding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(stalenessLimit, "stalenessLimit");
        if (!(min <= max)) {
            throw new IllegalArgumentException("tag " + unitId + "/" + tag + ": min " + min + " is not <= max " + max);
        }
        if (stalenessLimit.isNegative() || stalenessLimit.isZero()) {
            throw new IllegalArgumentException("tag " + unitId + "/" + tag + ": staleness limit must be positive");
        }
    }
}
