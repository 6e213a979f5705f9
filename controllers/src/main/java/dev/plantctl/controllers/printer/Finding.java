package dev.plantctl.controllers.printer;

import java.util.List;

/**
 * What one physics check concluded: a named issue (or none), the reasoning step as a sentence, and the G-code
 * that would fix it inside the envelope.
 *
 * @param issue      the issue's name ({@code thermal_cold}, {@code extruder_slip}, {@code z_offset}, …), empty when
 *                   the check passed
 * @param step       the reasoning step, one sentence with the numbers it used
 * @param gcode      the bounded correction, empty when there is none (or none is allowed)
 * @param clamps     corrections the envelope cut, as {@code (what, requested, applied, rule)}
 * @param escalate   true when the issue is beyond what an automatic adjustment may fix
 */
public record Finding(String issue, String step, List<String> gcode, List<Clamp> clamps, boolean escalate) {

    /** A correction cut by the envelope. */
    public record Clamp(String what, double requested, double applied, String rule) {
    }

    /** A passed check. */
    public static Finding ok(String step) {
        return new Finding("", step, List.of(), List.of(), false);
    }

    /** True when the check found an issue. */
    public boolean hasIssue() {
        return !issue.isEmpty();
    }
}
