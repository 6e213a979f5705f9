package dev.plantctl.controllers.printer;

import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrinterSignals;
import dev.plantctl.models.printer.ProcessEstimate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The printer controller after CIPHER, deterministic: from one layer window and the process expert's estimate it
 * <ol>
 *   <li><b>reasons</b> with {@link PhysicsChecks} in a fixed order — plausibility, thermal state, extrusion
 *       capacity, Z offset, flow — stopping at the first issue, so flow is blamed only when nothing upstream
 *       explains the line; the first issue comes with a proposed correction;</li>
 *   <li><b>retrieves</b> facts from the {@link KnowledgeBase} with that reasoning as the query (top
 *       {@value #FACTS}), and the documentation card of every command it proposes, and <b>applies the rules</b>
 *       of the retrieved cards ({@link FactConstraint}: command limits, a material's temperature window, commands
 *       withheld on the first layer, a clog escalation): a retrieved card can bound or drop a command or send
 *       the decision to the operator, and a step names the card and what it changed;</li>
 *   <li><b>decides</b> the tier: out-of-distribution evidence is never adjusted (ask the operator, or pause when
 *       the printer cannot extrude); an issue must persist over {@link ControlLimits#persistence()} clean windows
 *       (the first ones only notify) before a bounded automatic adjustment; a window that began within the dead
 *       time of the last command is not judged (notify); an issue beyond the envelope goes to the operator, and a
 *       line lost to slip at the speed floor or a stopped extruder pauses the print.</li>
 * </ol>
 * Every decision carries an {@link Explanation} with the estimates and their uncertainty, the steps, the tier, the
 * G-code and at least one citation. Stateless: the per-printer state travels in {@link PrinterMemory}.
 */
public final class PrinterReasoner {

    /** The controller's name in explanations. */
    public static final String CONTROLLER = "printer-reasoner";
    /** Facts retrieved for the reasoning. */
    public static final int FACTS = 3;
    /** Windows judged without the last command's effect before the operator is asked. */
    public static final int MAX_WINDOWS_UNSEEN = 3;
    /** Estimated flow below which a layer counts as under-extruded (CIPHER's class boundary), %. */
    public static final double UNDER_EXTRUSION_PCT = 90;
    /** Estimated flow below which a slipping, floored extruder pauses the print, %. */
    public static final double LOST_LINE_FLOW_PCT = 50;

    private final KnowledgeBase knowledge;
    private final ControlLimits limits;

    /** A reasoner citing from a knowledge base, within limits. */
    public PrinterReasoner(KnowledgeBase knowledge, ControlLimits limits) {
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Decides on one window.
     *
     * @param printer  the printer's instance id
     * @param time     the decision's event time
     * @param window   what the signals showed over the layer
     * @param job      what the job planned
     * @param estimate the expert's estimate of the window
     * @param memory   what the controller remembers of the printer
     */
    public PrinterDecision decide(String printer, Instant time, MonitoringWindow window, PrintContext job,
                                  ProcessEstimate estimate, PrinterMemory memory) {
        List<String> steps = new ArrayList<>();
        double mid = (window.startS() + window.endS()) / 2;
        double drift = estimate.zOffsetMm() - window.zAdjustMm();
        double rate = memory.driftRateMmS(drift, mid, 2 * window.durationS());
        LoadTrend load = memory.loadTrend().next(estimate.flowPct() < UNDER_EXTRUSION_PCT, window.motorLoad());
        Finding proposed = reason(window, job, estimate, rate, load.risingLayers(), memory.loadTrend().lastLoad(),
                steps);
        List<Citation> retrieved = retrieve(steps, proposed == null ? List.of() : proposed.gcode());
        Finding primary = CardRules.apply(retrieved, proposed, window, job, load.risingLayers(), limits, steps);
        double settled = Double.isFinite(memory.lastCommandS()) ? (window.endS() - Math.max(window.startS(),
                memory.lastCommandS() + limits.deadTimeS())) / window.durationS() : 1;
        boolean unseen = !memory.pending().none() && !memory.pending().seenIn(window);
        boolean contaminated = settled < limits.minSettledShare() || unseen;
        Tier tier;
        List<String> gcode = List.of();
        PrinterMemory next = memory;
        String issue = primary == null ? "" : primary.issue();
        if (primary == null) {
            tier = Tier.NONE;
            next = memory.with("", 0, memory.lastCommandS());
            steps.add("decide: nothing to correct");
        } else if (isOutOfDistribution(primary.issue())) {
            boolean stopped = window.canExtrudeFraction() < 0.5;
            tier = stopped ? Tier.PAUSE : Tier.ASK_OPERATOR;
            gcode = stopped ? List.of("PAUSE") : List.of();
            steps.add("decide: out of distribution (" + primary.issue() + "): no autonomous adjustment; "
                    + (stopped ? "the extruder is stopped, so the print is paused" : "the operator is asked"));
        } else if (unseen && memory.pending().waited() + 1 >= MAX_WINDOWS_UNSEEN) {
            tier = Tier.ASK_OPERATOR;
            next = memory.with(PendingEffect.NONE);
            steps.add("decide: the printer's status has not shown the last command's effect for "
                    + MAX_WINDOWS_UNSEEN + " windows (refused, lost or not applied): the operator is asked");
        } else if (unseen) {
            tier = Tier.NOTIFY;
            next = memory.with(memory.pending().waitedOnce());
            steps.add("decide: the printer's status does not show the last command's effect yet, so nothing more is"
                    + " stacked on it");
        } else if (contaminated) {
            tier = Tier.NOTIFY;
            steps.add(String.format(Locale.ROOT, "decide: only %.0f %% of the window followed the last command's dead"
                    + " time of %.0f s (%.0f %% needed): its effect is not seen yet, so nothing more is sent",
                    100 * Math.max(0, settled), limits.deadTimeS(), 100 * limits.minSettledShare()));
        } else {
            int streak = primary.issue().equals(memory.issue()) ? memory.streak() + 1 : 1;
            next = memory.with(primary.issue(), streak, memory.lastCommandS());
            if (primary.escalate()) {
                boolean lost = primary.issue().startsWith("extruder_") && estimate.flowPct() < LOST_LINE_FLOW_PCT;
                tier = lost ? Tier.PAUSE : Tier.ASK_OPERATOR;
                gcode = lost ? List.of("PAUSE") : List.of();
                steps.add("decide: " + primary.issue() + " is beyond the automatic envelope; " + (lost
                        ? String.format(Locale.ROOT, "the line is lost (flow ≈ %.0f %%), so the print is paused",
                                estimate.flowPct()) : "the operator is asked"));
            } else if (primary.gcode().isEmpty()) {
                tier = Tier.NOTIFY;
                steps.add("decide: " + primary.issue() + " noted, nothing to send");
            } else if (streak < limits.persistence()) {
                tier = Tier.NOTIFY;
                steps.add("decide: " + primary.issue() + " seen in " + streak + " of " + limits.persistence()
                        + " consecutive windows: warn first, act if it persists");
            } else {
                tier = Tier.AUTO_ADJUST;
                gcode = primary.gcode();
                steps.add("decide: " + primary.issue() + " persisted over " + streak + " windows: bounded adjustment "
                        + String.join("; ", gcode));
            }
        }
        if (!contaminated && (primary == null || !isOutOfDistribution(primary.issue()))) {
            next = next.withDrift(drift, mid).with(load);
        }
        if (!unseen && !memory.pending().none()) {
            next = next.with(PendingEffect.NONE);
        }
        if (tier == Tier.AUTO_ADJUST || tier == Tier.PAUSE) {
            next = next.with(next.issue(), next.streak(), window.endS()).with(PendingEffect.of(gcode, window));
        }
        List<Citation> citations = withCommandCards(retrieved, gcode);
        Explanation explanation = explain(printer, time, window, estimate, primary, tier, gcode, steps, citations);
        return new PrinterDecision(printer, window.layer(), tier, issue, gcode, steps, estimate, citations,
                explanation, next);
    }

    /** Pass one: the checks in order; returns the first finding with an issue, or null. */
    private Finding reason(MonitoringWindow w, PrintContext job, ProcessEstimate e, double driftRateMmS,
                           int risingLoadLayers, double lastLoad, List<String> steps) {
        steps.add(String.format(Locale.ROOT, "layer %d%s: width %.3f mm (%+.1f %% of %.2f), height %.3f mm; expert %s:"
                + " flow %.1f ± %.1f %%, Z %+.3f ± %.3f mm, temperature %+.1f ± %.1f °C", w.layer(),
                w.layer() == 1 ? " (the first layer)" : "", w.widthMm(),
                100 * (w.widthMm() / job.nominalWidthMm() - 1), job.nominalWidthMm(), w.heightMm(), e.model(),
                e.flowPct(), e.flowSigmaPct(), e.zOffsetMm(), e.zSigmaMm(), e.temperatureDevC(),
                e.temperatureSigmaC()));
        if (w.layer() == 1) {
            steps.add("context: the first layer, printed slowly for adhesion; its width depends on the bed and the Z"
                    + " offset more than on the flow");
        }
        Finding f = PhysicsChecks.plausibility(w, job, e, limits);
        steps.add(f.step());
        if (f.hasIssue()) {
            return f;
        }
        Material m = job.material().orElseThrow();
        f = PhysicsChecks.thermal(w, job, e, m, limits);
        steps.add(f.step());
        if (f.hasIssue()) {
            return f;
        }
        f = PhysicsChecks.capacity(w, job, e, m, limits);
        steps.add(f.step());
        if (f.hasIssue()) {
            return f;
        }
        if (risingLoadLayers >= 2) {
            steps.add(String.format(Locale.ROOT, "load trend: %d consecutive under-extruded layers with a rising"
                    + " extruder motor load (%.2f after %.2f): a partial clog may be building up", risingLoadLayers,
                    w.motorLoad(), lastLoad));
        }
        f = PhysicsChecks.zOffset(w, job, e, driftRateMmS, limits);
        steps.add(f.step());
        if (f.hasIssue()) {
            return f;
        }
        f = PhysicsChecks.flow(w, e, limits);
        steps.add(f.step());
        return f.hasIssue() ? f : null;
    }

    /** True for the issues that mean the evidence lies outside the expert's domain. */
    public static boolean isOutOfDistribution(String issue) {
        return switch (issue) {
            case "unknown_material", "untrained_material", "implausible_sensor", "expert_uncertain" -> true;
            default -> false;
        };
    }

    /** Retrieval: facts for the reasoning of pass one, then the card of every command it proposes. */
    private List<Citation> retrieve(List<String> steps, List<String> gcode) {
        Map<String, Citation> out = new LinkedHashMap<>();
        for (Citation c : knowledge.search(String.join(" ", steps), FACTS)) {
            out.putIfAbsent(c.card().id(), c);
        }
        return withCommandCards(List.copyOf(out.values()), gcode);
    }

    /** The retrieved facts and the card of every command in the G-code not among them yet. */
    private List<Citation> withCommandCards(List<Citation> retrieved, List<String> gcode) {
        Map<String, Citation> out = new LinkedHashMap<>();
        retrieved.forEach(c -> out.putIfAbsent(c.card().id(), c));
        for (String line : gcode) {
            String command = line.split("\\s+")[0];
            for (Citation c : knowledge.search(command + " command gcode", 1)) {
                out.putIfAbsent(c.card().id(), c);
            }
        }
        return List.copyOf(out.values());
    }

    private Explanation explain(String printer, Instant time, MonitoringWindow w, ProcessEstimate e, Finding primary,
                                Tier tier, List<String> gcode, List<String> steps, List<Citation> citations) {
        List<Factor> factors = new ArrayList<>();
        factors.add(new Factor("flow_pct", e.flowPct(), String.format(Locale.ROOT, "σ %.2f pp", e.flowSigmaPct())));
        factors.add(new Factor("z_offset_mm", e.zOffsetMm(), String.format(Locale.ROOT, "σ %.4f mm", e.zSigmaMm())));
        factors.add(new Factor("temperature_dev_c", e.temperatureDevC(), String.format(Locale.ROOT, "σ %.2f °C",
                e.temperatureSigmaC())));
        factors.add(new Factor("layer", w.layer(), "layer the window covered"));
        factors.add(new Factor("tier", tier.ordinal(), tier.label()));
        for (int i = 0; i < steps.size(); i++) {
            factors.add(new Factor("step_" + (i + 1), i + 1, steps.get(i)));
        }
        for (String line : gcode) {
            factors.add(new Factor("gcode", Double.NaN, line));
        }
        Map<String, Double> setpoints = new LinkedHashMap<>();
        for (String line : gcode) {
            setpoint(line, setpoints);
        }
        List<ShieldIntervention> safety = new ArrayList<>();
        if (primary != null) {
            for (Finding.Clamp c : primary.clamps()) {
                safety.add(new ShieldIntervention(c.what(), c.requested(), c.applied(), "envelope", c.rule()));
            }
        }
        double uncertainty = Math.min(1, Math.max(e.flowSigmaPct() / limits.maxFlowSigmaPct(), Math.max(
                e.zSigmaMm() / limits.maxZSigmaMm(), e.temperatureSigmaC() / limits.maxTemperatureSigmaC())));
        String summary = tier.label() + ": " + (gcode.isEmpty() ? "no command" : String.join("; ", gcode))
                + (primary == null ? " (line within tolerance)" : " (" + primary.issue() + ")");
        Set<String> cited = new LinkedHashSet<>();
        citations.forEach(c -> cited.add(c.text()));
        return new Explanation(time, PrinterSignals.PLANT, printer, CONTROLLER, e.model(), setpoints, factors,
                Double.isFinite(uncertainty) ? uncertainty : 1, safety, summary, List.copyOf(cited));
    }

    private static void setpoint(String line, Map<String, Double> setpoints) {
        String[] t = line.split("\\s+");
        if (t.length < 2) {
            return;
        }
        String name = CardRules.actuator(t[0]);
        if (!name.equals(t[0])) {
            setpoints.put(name, Double.parseDouble(t[1].substring(1)));
        }
    }
}
