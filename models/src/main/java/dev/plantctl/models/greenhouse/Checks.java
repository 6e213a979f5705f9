package dev.plantctl.models.greenhouse;

/** Argument checks shared by this package, so that the same mistake gets the same message everywhere. */
final class Checks {

    private Checks() {
    }

    /** @throws IllegalArgumentException naming {@code what} when the value is NaN or infinite */
    static void requireFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is not finite: " + value);
        }
    }

    /** @throws IllegalArgumentException when a step length is not finite and positive */
    static void requireStep(double dtSeconds) {
        if (!(dtSeconds > 0 && Double.isFinite(dtSeconds))) {
            throw new IllegalArgumentException("step must be finite and > 0 s: " + dtSeconds);
        }
    }
}
