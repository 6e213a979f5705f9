package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns every raw sample into a {@link Reading} or a {@link DeadLetter} with a reason; it never throws on
 * bad data and never drops a sample.
 *
 * <p>Checks, in order: the address is bound in the tag map; the OPC UA status is not Bad; the payload was a
 * number; it is finite; it lies in the tag's physical range. An Uncertain status gives a reading of quality
 * {@link Quality#UNCERTAIN}.
 */
public final class SampleValidator implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final long SEVERITY_MASK = 0xC0000000L;
    private static final long SEVERITY_BAD = 0x80000000L;
    private static final long SEVERITY_UNCERTAIN = 0x40000000L;

    private final TagMap tagMap;

    public SampleValidator(TagMap tagMap) {
        this.tagMap = Objects.requireNonNull(tagMap, "tagMap");
    }

    /** Validates one sample. */
    public Validated validate(RawSample sample) {
        Optional<TagBinding> found = tagMap.binding(sample.address());
        if (found.isEmpty()) {
            return refuse(sample, Reason.UNKNOWN_ADDRESS, "no tag is bound to address " + sample.address()
                    + " of " + sample.source());
        }
        TagBinding tag = found.get();
        String where = tag.unitId() + "/" + tag.tag() + " (" + sample.address() + ")";
        long severity = sample.statusCode() & SEVERITY_MASK;
        if (severity == SEVERITY_BAD || severity == SEVERITY_MASK) {
            return refuse(sample, Reason.BAD_STATUS, where + ": status 0x"
                    + Long.toHexString(sample.statusCode()).toUpperCase() + " is Bad");
        }
        if (Double.isNaN(sample.value()) && !isFloatingType(sample.valueType())) {
            return refuse(sample, Reason.NOT_A_NUMBER, where + ": payload of type " + sample.valueType()
                    + " is not a number");
        }
        if (!Double.isFinite(sample.value())) {
            return refuse(sample, Reason.NOT_FINITE, where + ": value " + sample.value() + " is not finite");
        }
        if (sample.value() < tag.min() || sample.value() > tag.max()) {
            return refuse(sample, Reason.OUT_OF_RANGE, where + ": value " + sample.value() + " " + tag.unit()
                    + " lies outside the physical range [" + tag.min() + ", " + tag.max() + "]");
        }
        Quality quality = severity == SEVERITY_UNCERTAIN ? Quality.UNCERTAIN : Quality.GOOD;
        return new Validated.Accepted(new Reading(tag.plant(), tag.unitId(), tag.tag(), sample.value(), tag.unit(),
                sample.sourceTime(), quality));
    }

    private static boolean isFloatingType(String valueType) {
        return "Double".equals(valueType) || "Float".equals(valueType);
    }

    private static Validated refuse(RawSample sample, Reason reason, String detail) {
        return new Validated.Refused(new DeadLetter(sample, reason, detail));
    }
}
