package dev.plantctl.connectors.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Which Bad write results the OPC UA setpoint sink writes again, how often and how far apart (exponential backoff
 * from {@code initialBackoff}, capped at {@code maxBackoff}). A status not in {@code retryableStatuses} (e.g.
 * {@code Bad_OutOfRange}: the device refuses the value itself) goes to the error output at once.
 *
 * @param maxAttempts       writes per setpoint, at least 1 (1: no retry)
 * @param initialBackoff    the pause before the first retry
 * @param maxBackoff        the longest pause between two attempts
 * @param retryableStatuses the OPC UA status codes that are written again
 */
public record SetpointRetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                  Set<Long> retryableStatuses) implements Serializable {

    /** Transient conditions of a server or its device link: worth another write. */
    public static final Set<Long> TRANSIENT_STATUSES = Set.of(StatusCodes.Bad_Timeout,
            StatusCodes.Bad_TooManyOperations, StatusCodes.Bad_ServerTooBusy, StatusCodes.Bad_ResourceUnavailable,
            StatusCodes.Bad_CommunicationError, StatusCodes.Bad_NoCommunication);

    public SetpointRetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        retryableStatuses = Set.copyOf(retryableStatuses);
    }

    /** Three attempts 100 ms, 200 ms apart for the {@link #TRANSIENT_STATUSES}. */
    public static SetpointRetryPolicy defaults() {
        return new SetpointRetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), TRANSIENT_STATUSES);
    }

    /** Every setpoint is written once. */
    public static SetpointRetryPolicy none() {
        return new SetpointRetryPolicy(1, Duration.ZERO, Duration.ZERO, Set.of());
    }

    /** True when a write answered with this status is made again (attempts permitting). */
    public boolean retries(long statusCode) {
        return retryableStatuses.contains(statusCode);
    }

    /** The pause before attempt {@code attempt + 1} (attempt counted from 1). */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff;
        for (int i = 1; i < attempt && d.compareTo(maxBackoff) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
