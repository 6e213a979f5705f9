package dev.plantctl.models.printer;

/**
 * A live G-code command a printer honours, parsed by {@link Gcode#parse}. Values are already range-checked.
 */
public sealed interface GcodeCommand {

    /** The command line as it would be sent, e.g. {@code M221 S95}. */
    String text();

    /**
     * {@code M221 S<percent>}: flow (extrude factor).
     *
     * @param percent flow in % of the sliced amount
     */
    record SetFlow(double percent) implements GcodeCommand {
        @Override
        public String text() {
            return "M221 S" + Gcode.number(percent);
        }
    }

    /**
     * {@code M220 S<percent>}: speed factor; it scales extrusion with the moves, so flow per mm is unchanged.
     *
     * @param percent speed in % of the sliced speed
     */
    record SetSpeed(double percent) implements GcodeCommand {
        @Override
        public String text() {
            return "M220 S" + Gcode.number(percent);
        }
    }

    /**
     * {@code M104 S<°C>}: hotend target, without waiting; 0 turns the heater off.
     *
     * @param celsius the new target
     */
    record SetHotendTarget(double celsius) implements GcodeCommand {
        @Override
        public String text() {
            return "M104 S" + Gcode.number(celsius);
        }
    }

    /**
     * {@code M109 S<°C>}: set the target and wait for it. It blocks the print queue, so printers refuse it as a
     * live command.
     *
     * @param celsius the requested target
     */
    record WaitForHotend(double celsius) implements GcodeCommand {
        @Override
        public String text() {
            return "M109 S" + Gcode.number(celsius);
        }
    }

    /**
     * {@code M290 Z<mm>} or {@code SET_GCODE_OFFSET Z_ADJUST=<mm>}: raise (positive) or lower the nozzle by a
     * babystep, added to the adjustments so far.
     *
     * @param mm the step
     */
    record AdjustZ(double mm) implements GcodeCommand {
        @Override
        public String text() {
            return "M290 Z" + Gcode.number(mm);
        }
    }

    /**
     * {@code M900 K<s>} or {@code SET_PRESSURE_ADVANCE ADVANCE=<s>}: pressure advance.
     *
     * @param seconds K, s
     */
    record SetPressureAdvance(double seconds) implements GcodeCommand {
        @Override
        public String text() {
            return "M900 K" + Gcode.number(seconds);
        }
    }

    /** {@code PAUSE} or {@code M25}: stop moving and extruding, keep the heater at its target. */
    record Pause() implements GcodeCommand {
        @Override
        public String text() {
            return "PAUSE";
        }
    }

    /** {@code RESUME} or {@code M24}: continue a paused print. */
    record Resume() implements GcodeCommand {
        @Override
        public String text() {
            return "RESUME";
        }
    }

    /** {@code M112}: emergency stop, at once, bypassing the queue; the printer shuts down. */
    record EmergencyStop() implements GcodeCommand {
        @Override
        public String text() {
            return "M112";
        }
    }
}
