package dev.plantctl.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that another process makes true (a server that catches up, a job that gets there),
 * checking it every few milliseconds until a deadline. Fails with the description and the last observed state, so
 * a test never hangs and never relies on a fixed pause.
 */
public final class Await {

    private static final long POLL_NANOS = Duration.ofMillis(25).toNanos();

    private Await() {
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when the timeout passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, () -> "");
    }

    /**
     * Returns as soon as {@code condition} holds.
     *
     * @param state describes what was observed, for the failure message
     * @throws AssertionError naming {@code what} and the last state when the timeout passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: "
                        + state.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
