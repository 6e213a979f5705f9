package dev.plantctl.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The largest change of a value per interval: every written value lies within {@code by} of every value written
 * to the same target during the preceding {@code per} (boundary included), and within {@code by} per {@code per}
 * of the last value written before that. A burst of writes at one instant can therefore move a target by
 * {@code by} at most, and a steady controller that writes once per {@code per} by {@code by} per write.
 *
 * @param by  the largest change, in the target's unit; {@code > 0}
 * @param per the interval, {@code > 0}
 */
public record ChangeLimit(double by, Duration per) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    /** @throws IllegalArgumentException when {@code by} or {@code per} is not positive */
    public ChangeLimit {
        Objects.requireNonNull(per, "per");
        if (!(by > 0) || !Double.isFinite(by) || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a change limit needs a positive finite amount and interval, got "
                    + by + " per " + per);
        }
    }

    /**
     * How far back a write can still bind a new one to values within {@code range}: the ramp allows {@code by} per
     * {@code per}, so a write older than {@code per} times the range's width over {@code by} allows any value.
     */
    public Duration horizon(Range range) {
        double steps = Math.ceil((range.max() - range.min()) / by);
        return per.multipliedBy((long) Math.max(1, Math.min(steps, 1_000_000)));
    }

    @Override
    public String toString() {
        return Numbers.text(by) + " per " + Numbers.text(per);
    }
}
