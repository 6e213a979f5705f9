package dev.plantctl.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as plantctl's configuration files write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h},
 * {@code 1d} or ISO-8601 ({@code PT15M}).
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration; it may be negative only in ISO-8601 form, which callers check.
     *
     * @throws IllegalArgumentException saying what is expected, when the text is no duration
     */
    public static Duration parse(String text) {
        Matcher m = SHORT.matcher(text);
        try {
            if (!m.matches()) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 15m, 2h, 1d or PT15M, not '"
                    + text + "'", e);
        }
    }
}
