package dev.plantctl.jobs.printer;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.ProcessEstimate;
import dev.plantctl.policy.GcodeGate;
import dev.plantctl.policy.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the printer job puts between its controller and the G-code sink: a controller that fails (an ONNX error, a
 * non-finite estimate it cannot reason on) yields a decision that sends nothing and says why; a script goes on only
 * if the write policy's {@link GcodeGate} passes it, rendered from the values the gate judged. A refused script is
 * not sent: its refusals are in the explanation's safety list (rule {@code policy:<rule>}) and summary, and the
 * tier reads {@value #REFUSED_TIER}. The G-code sink judges the script again before it leaves.
 */
final class PrinterGuard {

    /** The tier of an outcome whose G-code the write policy refused. */
    static final String REFUSED_TIER = "policy_refused";
    /** The tier of an outcome whose controller failed. */
    static final String FAILED_TIER = "controller_failed";

    private PrinterGuard() {
    }

    /** The outcome with its script judged by the gate at {@code now}. */
    static PrinterOutcome gated(PrinterOutcome o, GcodeGate gate, String material, Instant now) {
        if (o.script().isEmpty()) {
            return o;
        }
        GcodeGate.Verdict verdict = gate.check(o.decision().unitId(), o.layer(), material, o.script(), now);
        if (verdict.passed()) {
            return new PrinterOutcome(o.decision(), o.tier(), verdict.script(), o.layer(), o.estimate());
        }
        Decision d = o.decision();
        Explanation e = d.explanation();
        List<ShieldIntervention> safety = new ArrayList<>(e.safety());
        for (Refusal r : verdict.refusals()) {
            // requested: the refused value where the line had one; applied: nothing was sent
            safety.add(new ShieldIntervention("gcode", Double.isFinite(r.value()) ? r.value() : 0, 0,
                    "policy:" + r.rule(), r.reason()));
        }
        String why = verdict.refusals().stream().map(Refusal::describe).collect(Collectors.joining("; "));
        Explanation explained = new Explanation(e.time(), e.plant(), e.unitId(), e.controller(), e.modelVersion(),
                Map.of(), e.factors(), e.uncertainty(), safety, e.summary() + " The write policy refused the G-code"
                + " (" + why + "): nothing was sent.", e.citations());
        return new PrinterOutcome(new Decision(d.plant(), d.unitId(), d.time(), List.of(), explained), REFUSED_TIER,
                "", o.layer(), o.estimate());
    }

    /**
     * The outcome of a layer whose controller failed: no G-code, the memory unchanged, the reason in the
     * explanation ({@link Factor#FALLBACK} = 1).
     */
    static PrinterOutcome failed(String printer, int layer, Instant time, String controller, Exception cause) {
        String why = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        Explanation e = new Explanation(time, PrinterSignals.PLANT, printer, controller, "guard/1", Map.of(),
                List.of(new Factor(Factor.FALLBACK, 1, "the controller failed: " + why)), 1, List.of(),
                "Layer " + layer + ": the controller failed (" + why + "); nothing was sent and the print goes on"
                        + " unchanged.", List.of());
        return new PrinterOutcome(new Decision(PrinterSignals.PLANT, printer, time, List.of(), e), FAILED_TIER, "",
                layer, new ProcessEstimate(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                controller));
    }
}
