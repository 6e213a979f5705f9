package dev.plantctl.models.printer;

/** Argument checks shared by this package, so that the same mistake gets the same message everywhere. */
final class Checks {

    private Checks() {
    }

    /** @throws IllegalArgumentException naming {@code what} when the value is not finite and &gt; 0 */
    static double requirePositive(String what, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(what + " must be finite and > 0: " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming {@code what} when the value is not finite and ≥ 0 */
    static double requireNonNegative(String what, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(what + " must be finite and >= 0: " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException naming {@code what} when the value is NaN or infinite */
    static double requireFinite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is not finite: " + value);
        }
        return value;
    }
}
