package dev.plantctl.app.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.controllers.printer.PrinterDecision;
import dev.plantctl.controllers.printer.PrinterMemory;
import dev.plantctl.controllers.printer.Tier;
import dev.plantctl.controllers.printer.WidthThresholdRule;
import dev.plantctl.jobs.printer.PrinterController;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What closes the loop in a benchmark case: one instance per case (it may remember the printer). */
interface LoopPolicy {

    /** The G-code to send after a window (empty: nothing), and the decision when the policy makes explained ones. */
    Outcome decide(MonitoringWindow w, PrintContext job) throws OrtException;

    /**
     * A policy's answer.
     *
     * @param gcode    lines to send
     * @param decision the explained decision, or null for the baselines
     */
    record Outcome(List<String> gcode, PrinterDecision decision) {
    }

    /** No control at all. */
    static LoopPolicy none() {
        return (w, job) -> new Outcome(List.of(), null);
    }

    /** The width threshold rule. */
    static LoopPolicy threshold() {
        WidthThresholdRule rule = new WidthThresholdRule(ControlLimits.DEFAULTS);
        return (w, job) -> {
            Optional<String> g = rule.decide(w, job);
            return new Outcome(g.map(List::of).orElse(List.of()), null);
        };
    }

    /** The expert and the reasoner, sending G-code only for automatic adjustments and pauses. */
    static LoopPolicy cipher(PrinterController controller, String printer, Instant start) {
        PrinterMemory[] memory = {PrinterMemory.EMPTY};
        return (w, job) -> {
            PrinterDecision d = controller.decide(printer, start.plusMillis(Math.round(w.endS() * 1000)), w, job,
                    memory[0]);
            memory[0] = d.memory();
            boolean sends = d.tier() == Tier.AUTO_ADJUST || d.tier() == Tier.PAUSE;
            return new Outcome(sends ? d.gcode() : List.of(), d);
        };
    }
}
