package dev.plantctl.policy;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an identity may write to the actuators that match one pattern.
 *
 * @param match         {@code plant/unit/actuator}; each segment a name or a glob with {@code *} (any run of
 *                      characters), e.g. {@code greenhouse/*}{@code /heating}
 * @param range         the allowed values, in the actuator's canonical unit
 * @param change        the largest change per interval, or null for none
 * @param maxExpiry     the longest a setpoint may stay valid after it is issued
 * @param approvalAbove a change larger than this against the last written value needs an operator's approval, or
 *                      null when no change does
 * @param where         {@code file:line} of the rule, for refusal texts
 */
public record SetpointRule(String match, Range range, ChangeLimit change, Duration maxExpiry, Double approvalAbove,
                           String where) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SetpointRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(maxExpiry, "maxExpiry");
        Objects.requireNonNull(where, "where");
        if (match.split("/", -1).length != 3) {
            throw new IllegalArgumentException("match '" + match + "' must be plant/unit/actuator");
        }
    }

    /** True when the rule covers this actuator. */
    public boolean matches(String plant, String unit, String actuator) {
        String[] p = match.split("/", -1);
        return glob(p[0], plant) && glob(p[1], unit) && glob(p[2], actuator);
    }

    private static boolean glob(String pattern, String value) {
        if (!pattern.contains("*")) {
            return pattern.equals(value);
        }
        String[] parts = pattern.split("\\*", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.matches(regex.toString(), value);
    }
}
