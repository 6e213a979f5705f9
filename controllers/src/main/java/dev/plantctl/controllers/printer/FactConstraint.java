package dev.plantctl.controllers.printer;

import java.util.Locale;
import java.util.Set;

/**
 * A machine-readable rule a fact card carries, applied by {@link PrinterReasoner} to a decision whenever the card is
 * retrieved for it. A card states its rules on {@code constraint:} lines after its keywords ({@link FactCorpus}):
 * <pre>
 * constraint: limit M221 80..120 step 10       a command's value range, and its largest change per step
 * constraint: window PLA 190..220              a material's nozzle temperature window, °C (M104 targets inside)
 * constraint: first-layer withhold M221        commands not sent on the first layer (a warning instead)
 * constraint: clog-escalation after 3 layers   that many consecutive under-extrusion layers with a rising extruder
 *                                              load ask the operator instead of raising the flow
 * </pre>
 */
public sealed interface FactConstraint {

    /** The rule as written on its {@code constraint:} line. */
    String text();

    /**
     * A command's value range and its largest change from the printer's current setting per step.
     *
     * @param command the G-code command, e.g. {@code M221}
     * @param min     lowest value sent
     * @param max     highest value sent
     * @param step    largest change per step (NaN: unbounded); for the relative {@code M290} the value's magnitude
     */
    record CommandLimit(String command, double min, double max, double step) implements FactConstraint {

        /** @throws IllegalArgumentException when min &gt; max or the step is not positive */
        public CommandLimit {
            if (!(min <= max) || !(Double.isNaN(step) || step > 0)) {
                throw new IllegalArgumentException("limit of " + command + " needs min <= max and a positive step");
            }
        }

        @Override
        public String text() {
            return String.format(Locale.ROOT, "limit %s %s..%s%s", command, num(min), num(max),
                    Double.isNaN(step) ? "" : " step " + num(step));
        }
    }

    /**
     * A material's nozzle temperature window.
     *
     * @param material the material's label, e.g. {@code PLA}
     * @param lowC     the window's lower edge, °C
     * @param highC    its upper edge, °C
     */
    record TemperatureWindow(String material, double lowC, double highC) implements FactConstraint {

        /** @throws IllegalArgumentException when low &gt;= high */
        public TemperatureWindow {
            if (!(lowC < highC)) {
                throw new IllegalArgumentException("window of " + material + " needs low < high");
            }
        }

        @Override
        public String text() {
            return "window " + material + " " + num(lowC) + ".." + num(highC);
        }
    }

    /**
     * Commands withheld on the first layer: the decision warns instead.
     *
     * @param commands the commands, e.g. {@code M221}
     */
    record FirstLayerWithhold(Set<String> commands) implements FactConstraint {

        /** Copies the set. */
        public FirstLayerWithhold {
            commands = Set.copyOf(commands);
        }

        @Override
        public String text() {
            return "first-layer withhold " + String.join(",", commands.stream().sorted().toList());
        }
    }

    /**
     * After this many consecutive under-extrusion layers with a rising extruder load, the operator is asked instead
     * of raising the flow (a clog building up, which more flow makes worse).
     *
     * @param layers the number of layers, &gt;= 2
     */
    record ClogEscalation(int layers) implements FactConstraint {

        /** @throws IllegalArgumentException when layers &lt; 2 */
        public ClogEscalation {
            if (layers < 2) {
                throw new IllegalArgumentException("clog-escalation needs at least 2 layers");
            }
        }

        @Override
        public String text() {
            return "clog-escalation after " + layers + " layers";
        }
    }

    /** A number as a rule writes it: without a fraction when it has none. */
    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
