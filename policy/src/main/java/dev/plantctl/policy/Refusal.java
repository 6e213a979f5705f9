package dev.plantctl.policy;

import java.util.Objects;

/**
 * One write the gate refused, and why.
 *
 * @param target what was to be written: {@code plant/unit/actuator} for a setpoint, {@code printer: LINE} for a
 *               G-code line
 * @param value  the value asked for (NaN when the write has no single value, e.g. a G-code line that does not parse)
 * @param rule   the rule that fired, one of the constants of this class
 * @param reason why, in words an operator understands, naming the policy line where there is one
 */
public record Refusal(String target, double value, String rule, String reason) {

    /** No rule of the identity allows this target (actuator, unit, command or parameter). */
    public static final String NOT_ALLOWED = "not_allowed";
    /** The value is outside the rule's range. */
    public static final String RANGE = "range";
    /** The value changes faster than the rule's {@code max_change}. */
    public static final String RATE = "rate";
    /** The setpoint is valid for longer than the rule's {@code max_expiry}, or expires before it is issued. */
    public static final String EXPIRY = "expiry";
    /** A decision for one unit holds a setpoint of another unit or plant. */
    public static final String CROSS_UNIT = "cross_unit";
    /** A decision holds two setpoints for one actuator, or two commands for one G-code target. */
    public static final String DUPLICATE = "duplicate";
    /** The change needs an operator's approval; it is not written automatically. */
    public static final String APPROVAL_REQUIRED = "approval_required";
    /** A G-code line does not parse under the allow-list grammar. */
    public static final String SYNTAX = "syntax";
    /** A hotend target outside the material's temperature window. */
    public static final String MATERIAL_WINDOW = "material_window";
    /** A relative change that would take the print's running total past the rule's {@code total}. */
    public static final String CUMULATIVE = "cumulative";
    /** A G-code command misses a parameter its rule requires. */
    public static final String MISSING_PARAMETER = "missing_parameter";

    public Refusal {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code target: reason [rule]}, one line. */
    public String describe() {
        return target + ": " + reason + " [" + rule + "]";
    }
}
