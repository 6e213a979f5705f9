package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The second pass of the printer reasoning: applies the {@link FactConstraint}s of the cards retrieved for a decision
 * to the finding the physics checks proposed, and writes one reasoning step per change naming the card and the
 * rule. A card that is not retrieved changes nothing; a rule that the proposal already satisfies changes nothing.
 */
final class CardRules {

    private CardRules() {
    }

    /**
     * The finding after the rules of the retrieved cards.
     *
     * @param retrieved          the cards retrieved for the decision, in rank order
     * @param f                  the finding of pass one (null: nothing to correct, nothing to constrain)
     * @param w                  the window
     * @param job                what the job planned
     * @param risingLoadLayers   consecutive under-extrusion layers with a rising extruder load, this one included
     * @param limits             the controller's envelope (the temperature margin inside a window)
     * @param steps              the reasoning steps, to which the changes are added
     */
    static Finding apply(List<Citation> retrieved, Finding f, MonitoringWindow w, PrintContext job,
                         int risingLoadLayers, ControlLimits limits, List<String> steps) {
        if (f == null) {
            return null;
        }
        Finding out = f;
        for (Citation c : retrieved) {
            for (FactConstraint rule : c.card().constraints()) {
                out = apply(c.card().id(), rule, out, w, job, risingLoadLayers, limits, steps);
            }
        }
        return out;
    }

    private static Finding apply(String card, FactConstraint rule, Finding f, MonitoringWindow w, PrintContext job,
                                 int risingLoadLayers, ControlLimits limits, List<String> steps) {
        if (rule instanceof FactConstraint.CommandLimit l) {
            return bound(card, rule, f, l.command(), l.min(), l.max(), l.step(), w, steps);
        }
        if (rule instanceof FactConstraint.TemperatureWindow t) {
            return t.material().equalsIgnoreCase(job.materialLabel()) ? bound(card, rule, f, "M104",
                    t.lowC() + limits.temperatureMarginC(), t.highC() - limits.temperatureMarginC(), Double.NaN, w,
                    steps) : f;
        }
        if (rule instanceof FactConstraint.FirstLayerWithhold h) {
            return w.layer() == 1 ? withhold(card, h, f, steps) : f;
        }
        FactConstraint.ClogEscalation e = (FactConstraint.ClogEscalation) rule;
        return risingLoadLayers >= e.layers() && raisesFlow(f, w) ? escalate(card, e, f, risingLoadLayers, w, steps)
                : f;
    }

    /** Bounds every line of a command; a line left without effect is dropped, and with it the finding's action. */
    private static Finding bound(String card, FactConstraint rule, Finding f, String command, double min,
                                 double max, double step, MonitoringWindow w, List<String> steps) {
        List<String> gcode = new ArrayList<>();
        List<Finding.Clamp> clamps = new ArrayList<>(f.clamps());
        List<String> changes = new ArrayList<>();
        for (String line : f.gcode()) {
            String[] t = line.split("\\s+");
            if (!t[0].equals(command) || t.length < 2) {
                gcode.add(line);
                continue;
            }
            double requested = Double.parseDouble(t[1].substring(1));
            double current = current(command, w);
            double bounded = requested;
            if (!Double.isNaN(step)) {
                bounded = Double.isNaN(current) ? Math.max(-step, Math.min(step, bounded))
                        : Math.max(current - step, Math.min(current + step, bounded));
            }
            bounded = Math.max(min, Math.min(max, bounded));
            String next = format(command, t[1].charAt(0), bounded);
            if (next.equals(line)) {
                gcode.add(line);
                continue;
            }
            clamps.add(new Finding.Clamp(actuator(command), requested, bounded, "card " + card + ": " + rule.text()));
            boolean noEffect = Double.isNaN(current) ? Math.abs(bounded) < 1e-9 : Math.abs(bounded - current) < 0.05;
            changes.add(line + " → " + (noEffect ? "dropped (no change left)" : next));
            if (!noEffect) {
                gcode.add(next);
            }
        }
        if (changes.isEmpty()) {
            return f;
        }
        boolean nothingLeft = gcode.isEmpty() && !f.gcode().isEmpty();
        steps.add("rule of " + card + " (" + rule.text() + "): " + String.join(", ", changes)
                + (nothingLeft ? "; nothing is left to send inside the rule: the operator is asked" : ""));
        return new Finding(f.issue(), f.step(), gcode, clamps, f.escalate() || nothingLeft);
    }

    private static Finding withhold(String card, FactConstraint.FirstLayerWithhold h, Finding f,
                                    List<String> steps) {
        List<String> kept = f.gcode().stream().filter(g -> !h.commands().contains(g.split("\\s+")[0])).toList();
        if (kept.size() == f.gcode().size()) {
            return f;
        }
        steps.add("rule of " + card + " (" + h.text() + "): on the first layer the bed and the Z offset shape the"
                + " line, so " + String.join(", ", f.gcode().stream().filter(g -> !kept.contains(g)).toList())
                + " is withheld: a warning only, check Z; corrected from layer 2 on");
        return new Finding(f.issue(), f.step(), kept, f.clamps(), f.escalate() && !kept.isEmpty());
    }

    private static Finding escalate(String card, FactConstraint.ClogEscalation e, Finding f, int layers,
                                    MonitoringWindow w, List<String> steps) {
        steps.add(String.format(Locale.ROOT, "rule of %s (%s): %d consecutive under-extrusion layers with a rising"
                + " extruder load (now %.2f): a clog building up, which more flow makes worse; the operator is asked"
                + " (clear the nozzle) instead of raising the flow", card, e.text(), layers, w.motorLoad()));
        return new Finding("clog_suspected", f.step(), List.of(), f.clamps(), true);
    }

    private static boolean raisesFlow(Finding f, MonitoringWindow w) {
        return f.gcode().stream().map(g -> g.split("\\s+")).anyMatch(t -> t[0].equals("M221") && t.length > 1
                && Double.parseDouble(t[1].substring(1)) > 100 * w.extrudeFactor());
    }

    /** The printer's current setting a command sets, NaN for a relative command or an unknown one. */
    private static double current(String command, MonitoringWindow w) {
        return switch (command) {
            case "M221" -> 100 * w.extrudeFactor();
            case "M220" -> 100 * w.speedFactor();
            case "M104" -> w.targetC();
            default -> Double.NaN;
        };
    }

    /** The setpoint name of a command, as explanations list them. */
    static String actuator(String command) {
        return switch (command) {
            case "M221" -> "flow_pct";
            case "M220" -> "speed_pct";
            case "M104" -> "hotend_target_c";
            case "M290" -> "z_babystep_mm";
            default -> command;
        };
    }

    private static String format(String command, char parameter, double value) {
        String pattern = switch (command) {
            case "M221" -> "%s %c%.1f";
            case "M290" -> "%s %c%.3f";
            default -> "%s %c%.0f";
        };
        return String.format(Locale.ROOT, pattern, command, parameter, value);
    }
}
