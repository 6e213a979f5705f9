package dev.plantctl.jobs.common;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.Reading;

import java.time.Instant;

/**
 * What the {@link PipelineHealthProbe} counts: a reading, a dead letter, or a source gap (a dead letter that reports
 * an outage and the reconnection after it; {@code gapResumedAt} is when data flowed again).
 *
 * @param plant        the plant
 * @param kind         what happened
 * @param eventTime    the event time it carried
 * @param gapResumedAt for a gap, when data resumed (one reconnection per distinct instant); else null
 */
public record PipelineEvent(String plant, Kind kind, Instant eventTime, Instant gapResumedAt) {

    /** What happened. */
    public enum Kind {
        /** A reading passed validation. */
        READING,
        /** An input was refused. */
        DEAD_LETTER,
        /** A source lost its connection and got it back. */
        GAP
    }

    /** A reading. */
    public static PipelineEvent of(Reading r) {
        return new PipelineEvent(r.plant(), Kind.READING, r.eventTime(), null);
    }

    /** A dead letter of a plant's job; a gap sample of the OPC UA source counts as a reconnection. */
    public static PipelineEvent of(String plant, DeadLetter d, boolean gap) {
        Instant time = d.sample() != null ? d.sample().sourceTime() : d.message().receivedAt();
        return gap ? new PipelineEvent(plant, Kind.GAP, time,
                d.sample().serverTime() != null ? d.sample().serverTime() : time)
                : new PipelineEvent(plant, Kind.DEAD_LETTER, time, null);
    }
}
