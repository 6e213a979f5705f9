package dev.plantctl.simulators.greenhouse;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A setpoint watchdog in simulated time, like a PLC's: it trips when it has not been fed for its timeout, and a
 * new feed clears it. A watchdog that was never fed does not trip (there is no controller to miss yet).
 * Not thread-safe: its compartment guards it.
 */
final class Watchdog {

    private final Duration timeout;
    private Instant lastFed;
    private boolean tripped;

    Watchdog(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Records an accepted setpoint at {@code now}; clears a trip. */
    void feed(Instant now) {
        lastFed = now;
        tripped = false;
    }

    /**
     * Checks the watchdog at {@code now}.
     *
     * @return true when it trips now (it was fed, is not tripped yet, and the timeout passed since the last feed)
     */
    boolean check(Instant now) {
        if (lastFed == null || tripped || Duration.between(lastFed, now).compareTo(timeout) < 0) {
            return false;
        }
        tripped = true;
        return true;
    }

    boolean tripped() {
        return tripped;
    }

    boolean everFed() {
        return lastFed != null;
    }

    Instant lastFed() {
        return lastFed;
    }
}
