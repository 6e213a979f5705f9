package dev.plantctl.policy;

import java.math.BigDecimal;
import java.time.Duration;

/** Numbers and durations as refusal texts print them. */
final class Numbers {

    private Numbers() {
    }

    /** A number without a trailing {@code .0} and without exponent noise, e.g. {@code 15}, {@code 0.05}. */
    static String text(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A number rounded to at most 4 decimals, for refusal texts. */
    static String rounded(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return text(Math.round(value * 1e4) / 1e4);
    }

    /** A duration as the policy file writes it, e.g. {@code 15m}, {@code 30s}, {@code 1500ms}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
