package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.Quality;
import dev.plantctl.core.RawSample;
import dev.plantctl.core.Reading;

import java.io.Serializable;
import java.util.Objects;

/**
 * Turns every raw sample into a {@link Reading} in the tag's canonical unit or a {@link DeadLetter} with a
 * reason; it never throws on bad data and never drops a sample.
 *
 * <p>Checks, in order: the address is bound in the tag map ({@link Reason#UNKNOWN_ADDRESS}); the OPC UA status
 * is not Bad ({@link Reason#BAD_STATUS}); the sample is not stamped further ahead of its arrival than the tag's
 * maximum lead, when it has one and the sample has a server time ({@link Reason#FUTURE_TIME}); the payload had the value ({@link Reason#MISSING_VALUE}) and it was a
 * number ({@link Reason#NOT_A_NUMBER}); it is finite ({@link Reason#NOT_FINITE}); converted to the canonical
 * unit, it lies in the tag's physical range ({@link Reason#OUT_OF_RANGE}). An Uncertain status gives a reading
 * of quality {@link Quality#UNCERTAIN}.
 *
 * <p>With an {@link ArrivalHistory} of the tag, it also refuses a sample stamped like one already accepted
 * ({@link Reason#DUPLICATE}) and one older than the tag's latest by more than the allowed lateness
 * ({@link Reason#LATE}); one older than the latest but within the lateness is accepted and marked out of order.
 */
public final class SampleValidator implements Serializable {

    private static final long serialVersionUID = 2L;
    private static final long SEVERITY_MASK = 0xC0000000L;
    private static final long SEVERITY_BAD = 0x80000000L;
    private static final long SEVERITY_UNCERTAIN = 0x40000000L;

    private final TagMap tagMap;

    public SampleValidator(TagMap tagMap) {
        this.tagMap = Objects.requireNonNull(tagMap, "tagMap");
    }

    /** The tag map the samples are validated against. */
    public TagMap tagMap() {
        return tagMap;
    }

    /** Validates one sample on its own: every check but duplicates and lateness. */
    public Validated validate(RawSample sample) {
        TagBinding tag = tagMap.binding(sample.address()).orElse(null);
        return tag == null ? unknown(sample) : checkValue(sample, tag);
    }

    /**
     * Validates one sample of a tag whose history is given, and records it there when it is accepted.
     *
     * @param history the history of the tag bound to the sample's address (an empty one for its first sample)
     */
    public Validated validate(RawSample sample, ArrivalHistory history) {
        TagBinding tag = tagMap.binding(sample.address()).orElse(null);
        if (tag == null) {
            return unknown(sample);
        }
        Validated v = checkValue(sample, tag);
        if (!(v instanceof Validated.Accepted accepted)) {
            return v;
        }
        long time = sample.sourceTime().toEpochMilli();
        long lateness = tag.allowedLateness().toMillis();
        ArrivalHistory.Arrival arrival = history.classify(time, lateness);
        switch (arrival) {
            case DUPLICATE:
                return refuse(sample, Reason.DUPLICATE, where(sample, tag) + ": a sample stamped "
                        + sample.sourceTime() + " was already accepted");
            case LATE:
                return refuse(sample, Reason.LATE, where(sample, tag) + ": stamped " + sample.sourceTime()
                        + ", more than the allowed lateness " + tag.allowedLateness() + " before the latest sample");
            case OUT_OF_ORDER:
                history.record(time, lateness);
                return new Validated.Accepted(accepted.reading(), true);
            default:
                history.record(time, lateness);
                return accepted;
        }
    }

    private Validated checkValue(RawSample sample, TagBinding tag) {
        long severity = sample.statusCode() & SEVERITY_MASK;
        if (severity == SEVERITY_BAD || severity == SEVERITY_MASK) {
            return refuse(sample, Reason.BAD_STATUS, where(sample, tag) + ": status 0x"
                    + Long.toHexString(sample.statusCode()).toUpperCase() + " is Bad");
        }
        if (tag.maxLead() != null && sample.serverTime() != null
                && sample.sourceTime().isAfter(sample.serverTime().plus(tag.maxLead()))) {
            return refuse(sample, Reason.FUTURE_TIME, where(sample, tag) + ": stamped " + sample.sourceTime()
                    + ", more than " + tag.maxLead() + " after it arrived at " + sample.serverTime());
        }
        if (Double.isNaN(sample.value()) && PayloadDecoder.TYPE_MISSING.equals(sample.valueType())) {
            return refuse(sample, Reason.MISSING_VALUE, where(sample, tag) + ": the payload has no value there");
        }
        if (Double.isNaN(sample.value()) && !isFloatingType(sample.valueType())) {
            return refuse(sample, Reason.NOT_A_NUMBER, where(sample, tag) + ": payload of type " + sample.valueType()
                    + " is not a number");
        }
        if (!Double.isFinite(sample.value())) {
            return refuse(sample, Reason.NOT_FINITE, where(sample, tag) + ": value " + sample.value()
                    + " is not finite");
        }
        double value = tag.conversion().apply(sample.value());
        if (!(value >= tag.min() && value <= tag.max())) {
            String converted = tag.conversion().isIdentity() ? ""
                    : " (" + sample.value() + " " + tag.conversion().from() + ")";
            return refuse(sample, Reason.OUT_OF_RANGE, where(sample, tag) + ": value " + value + " " + tag.unit()
                    + converted + " lies outside the physical range [" + tag.min() + ", " + tag.max() + "]");
        }
        Quality quality = severity == SEVERITY_UNCERTAIN ? Quality.UNCERTAIN : Quality.GOOD;
        return new Validated.Accepted(new Reading(tag.plant(), tag.unitId(), tag.tag(), value, tag.unit(),
                sample.sourceTime(), quality), false);
    }

    private static String where(RawSample sample, TagBinding tag) {
        return tag.unitId() + "/" + tag.tag() + " (" + sample.address() + ")";
    }

    private static Validated unknown(RawSample sample) {
        return refuse(sample, Reason.UNKNOWN_ADDRESS, "no tag is bound to address " + sample.address() + " of "
                + sample.source());
    }

    private static boolean isFloatingType(String valueType) {
        return "Double".equals(valueType) || "Float".equals(valueType);
    }

    private static Validated refuse(RawSample sample, Reason reason, String detail) {
        return new Validated.Refused(new DeadLetter(sample, reason, detail));
    }
}
