package dev.plantctl.jobs.printer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.controllers.printer.ControlLimits;
import dev.plantctl.controllers.printer.KnowledgeBase;
import dev.plantctl.controllers.printer.PrinterDecision;
import dev.plantctl.controllers.printer.PrinterMemory;
import dev.plantctl.controllers.printer.PrinterReasoner;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.ProcessEstimate;
import dev.plantctl.policy.GcodeGate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 100,000 printer decisions from hostile expert estimates (NaN, infinities, huge, random) and hostile status
 * (temperatures, targets, factors, offsets anywhere) through the job's own decision path: the reasoner, the
 * outcome the decision operator builds, and the write policy's G-code gate ({@link PrinterGuard}). Whatever leaves
 * is judged here by an independent reading of the shipped policy: only allow-listed commands, with finite values in
 * range and, for the hotend, inside the PLA window. The count of scripts the gate stopped shows the fuzz reached it.
 */
class GcodeFuzzIT {

    private static final int DECISIONS = 100_000;
    private static final int PRINTERS = 20;
    private static final PrintContext PLA = PrintContext.of(PrintJob.standard("fuzz", Material.PLA, 10));
    private static final Set<String> ALLOWED = Set.of("M221", "M220", "M104", "M290", "SET_GCODE_OFFSET", "PAUSE");
    private static final Pattern LINE = Pattern.compile("([A-Z][A-Z0-9_]*)((?: [A-Z_]+=?-?[0-9.]+)*)");
    private static final Pattern PARAMETER = Pattern.compile(" ([A-Z_]+?)=?(-?[0-9.]+)");

    @Test
    void aHundredThousandHostileDecisionsSendNothingOutsideTheAllowListAndTheMaterialWindow() {
        PrinterReasoner reasoner = new PrinterReasoner(KnowledgeBase.shipped(), ControlLimits.DEFAULTS);
        Map<String, GcodeGate> gates = new HashMap<>();
        Map<String, PrinterMemory> memories = new HashMap<>();
        SplittableRandom r = new SplittableRandom(21);
        int sent = 0;
        int stopped = 0;
        int failed = 0;
        int outside = 0;
        Instant wall = Instant.parse("2026-12-07T12:00:00Z");
        for (int i = 0; i < DECISIONS; i++) {
            String printer = "p" + (i % PRINTERS);
            int layer = 2 + i / PRINTERS % 300;
            Instant time = wall.plusMillis(250L * i);
            PrinterOutcome outcome;
            try {
                PrinterDecision d = reasoner.decide(printer, time, window(r, layer), PLA, estimate(r),
                        memories.getOrDefault(printer, PrinterMemory.EMPTY));
                memories.put(printer, d.memory());
                outcome = DecidePrinterActions.outcome(d, time);
            } catch (RuntimeException e) {
                failed++;
                outcome = PrinterGuard.failed(printer, layer, time, "fuzz", e);
            }
            boolean hadScript = !outcome.script().isEmpty();
            PrinterOutcome gated = PrinterGuard.gated(outcome,
                    gates.computeIfAbsent(printer, p -> new GcodeGate(PrinterJobConfig.shippedWritePolicy())),
                    "PLA", time);
            if (hadScript && gated.script().isEmpty()) {
                stopped++;
                assertThat(gated.decision().explanation().summary()).contains("The write policy refused");
            }
            if (!gated.script().isEmpty()) {
                sent++;
                outside += outsideThePolicy(gated.script());
            }
        }
        assertThat(outside).as("commands sent outside the allow-list or the material window").isZero();
        assertThat(sent).as("scripts sent").isGreaterThan(100);
        assertThat(stopped).as("scripts the gate stopped").isGreaterThan(10);
        System.out.printf("G-code fuzz: %d decisions, %d scripts sent, %d stopped by the gate, %d controller"
                + " failures, %d commands outside the policy%n", DECISIONS, sent, stopped, failed, outside);
    }

    /** The commands of a script outside the shipped policy, read without the gate's code. */
    private static int outsideThePolicy(String script) {
        int bad = 0;
        for (String line : List.of(script.split("\n"))) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !ALLOWED.contains(m.group(1))) {
                bad++;
                continue;
            }
            Matcher p = PARAMETER.matcher(m.group(2));
            while (p.find()) {
                double v = Double.parseDouble(p.group(2));
                boolean ok = switch (m.group(1) + " " + p.group(1)) {
                    case "M221 S" -> v >= 80 && v <= 120;
                    case "M220 S" -> v >= 50 && v <= 100;
                    case "M104 S" -> v >= 190 && v <= 220;
                    case "M290 Z", "SET_GCODE_OFFSET Z_ADJUST" -> Math.abs(v) <= 0.05;
                    case "SET_GCODE_OFFSET MOVE" -> v == 1;
                    default -> false;
                };
                if (!ok || !Double.isFinite(v)) {
                    bad++;
                }
            }
        }
        return bad;
    }

    private static ProcessEstimate estimate(SplittableRandom r) {
        return new ProcessEstimate(hostile(r, 60, 140), hostile(r, 0, 10), hostile(r, -0.3, 0.3),
                hostile(r, 0, 0.05), hostile(r, -40, 40), hostile(r, 0, 8), "printer-expert/fuzz");
    }

    private static MonitoringWindow window(SplittableRandom r, int layer) {
        double start = layer * 25.0;
        return new MonitoringWindow(layer, start, start + 25, hostile(r, 0.2, 0.7), hostile(r, 0.1, 0.3),
                hostile(r, 150, 280), hostile(r, 150, 280), hostile(r, 0, 1), hostile(r, 0.3, 1.5),
                hostile(r, 0.5, 1.5), hostile(r, -0.5, 0.5), hostile(r, 0, 200), hostile(r, 0, 10),
                hostile(r, 0, 1), hostile(r, 0, 10), hostile(r, 0, 1));
    }

    /** Mostly a value in [lo, hi], sometimes NaN, an infinity, a huge or a negative one. */
    private static double hostile(SplittableRandom r, double lo, double hi) {
        return switch (r.nextInt(20)) {
            case 0 -> Double.NaN;
            case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 2 -> r.nextDouble(-1e6, 1e6);
            default -> r.nextDouble(lo, hi);
        };
    }
}
