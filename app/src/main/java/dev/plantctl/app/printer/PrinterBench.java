package dev.plantctl.app.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.ExplanationJson;
import dev.plantctl.controllers.printer.PrinterReasoner;
import dev.plantctl.controllers.printer.Tier;
import dev.plantctl.jobs.printer.PrinterController;
import dev.plantctl.ml.printer.ExpertDataGenerator;
import dev.plantctl.ml.printer.ExpertScores;
import dev.plantctl.ml.printer.LabelledWindow;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.printer.PrinterExpertTraining;
import dev.plantctl.ml.printer.PrinterRun;
import dev.plantctl.ml.printer.ZOffsetFusion;
import dev.plantctl.models.printer.FirmwareParameters;
import dev.plantctl.models.printer.GcodeException;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrinterModel;
import dev.plantctl.models.printer.PrinterParameters;
import dev.plantctl.models.printer.ProcessEstimate;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * The printer benchmark: scores the shipped process expert on held-out simulated layers, runs every disturbance
 * case under no control, the width threshold rule and the CIPHER-style controller, and every out-of-distribution
 * case under the controller. Each case is one simulated printer (its dead time drawn from 1.5–4.5 s by its seed)
 * driven in 0.25 s status intervals; the controller sees the same {@link dev.plantctl.models.printer.MonitoringWindow}s
 * as {@code PrinterControlJob}, and its commands take effect after the printer's dead time.
 */
final class PrinterBench {

    /** The width band a line must return to, relative. */
    static final double WIDTH_BAND = 0.05;
    /** Layers within which it must return. */
    static final int RETURN_LAYERS = 3;
    /** Seed offset of the expert's benchmark episodes (training used seed 1 and its held-out 1001). */
    static final long EXPERT_SEED_OFFSET = 50_000;

    private final PrinterController controller;
    private final PrintWriter explanations;

    PrinterBench(PrinterController controller, PrintWriter explanations) {
        this.controller = controller;
        this.explanations = explanations;
    }

    /**
     * The expert's scores on held-out episodes, as the controller estimates: each episode's windows in order through
     * the expert and {@link ZOffsetFusion} (the same fusion {@link PrinterController} applies per printer). Subsets:
     * all windows, the operating band, flat lines, round threads, first layers; and, for comparison, all windows with
     * the expert's per-layer estimates (no fusion) and with the fusion state's own Z σ (its calibration).
     */
    static List<Scored> scoreExpert(PrinterExpert expert, int episodes, long seed) throws OrtException {
        List<LabelledWindow> windows = ExpertDataGenerator.generate(episodes, seed + EXPERT_SEED_OFFSET);
        List<ProcessEstimate> perLayer = expert.estimateAll(Arrays.asList(PrinterExpertTraining.features(windows)));
        List<ZOffsetFusion.Fused> fused = ZOffsetFusion.fuseAll(windows.stream().map(LabelledWindow::window)
                .toList(), perLayer);
        List<ProcessEstimate> estimates = fused.stream().map(ZOffsetFusion.Fused::estimate).toList();
        List<Scored> out = new ArrayList<>();
        out.add(subset("all", windows, estimates, w -> true));
        out.add(subset("all_per_layer_without_fusion", windows, perLayer, w -> true));
        out.add(subset("all_with_the_fusion_state_sigma", windows,
                fused.stream().map(ZOffsetFusion.Fused::withStateSigma).toList(), w -> true));
        out.add(subset("flow_at_least_20_pct", windows, estimates, w -> w.flowPct() >= 20));
        out.add(subset("operating_band", windows, estimates, w -> Math.abs(w.flowPct() - 100) <= 25
                && w.zOffsetMm() >= -0.05 && w.zOffsetMm() <= 0.10 && Math.abs(w.temperatureDevC()) <= 15));
        out.add(subset("flat_lines", windows, estimates, w -> w.window().widthMm() > 1.05 * w.window().heightMm()));
        out.add(subset("round_threads", windows, estimates, w -> w.window().widthMm() <= 1.05 * w.window().heightMm()));
        out.add(subset("first_layers", windows, estimates, w -> w.window().layer() == 1));
        return out;
    }

    /** Scores of one subset of windows. */
    record Scored(String subset, ExpertScores scores) {
    }

    private static Scored subset(String name, List<LabelledWindow> windows, List<ProcessEstimate> estimates,
                                 Predicate<LabelledWindow> keep) {
        List<LabelledWindow> w = new ArrayList<>();
        List<ProcessEstimate> e = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            if (keep.test(windows.get(i))) {
                w.add(windows.get(i));
                e.add(estimates.get(i));
            }
        }
        return new Scored(name, ExpertScores.of(e, w));
    }

    /** Runs one case under one policy ({@code none}, {@code threshold}, {@code cipher}). */
    CaseResult run(BenchScenario s, String policyName) throws OrtException {
        PrintJob job = s.job();
        double deadTime = 1.5 + 3 * new SplittableRandom(s.seed()).nextDouble();
        PrinterParameters p = PrinterParameters.DEFAULTS.withFirmware(
                FirmwareParameters.DEFAULTS.withDeadTime(deadTime));
        PrinterRun run = new PrinterRun(new PrinterModel(p, job, s.scenario(), s.seed()));
        PrintContext stated = new PrintContext(s.statedMaterial(), job.hotendC(), PrintJob.STANDARD_WIDTH_MM,
                PrintJob.STANDARD_HEIGHT_MM);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        LoopPolicy policy = switch (policyName) {
            case "none" -> LoopPolicy.none();
            case "threshold" -> LoopPolicy.threshold();
            case "cipher" -> LoopPolicy.cipher(controller, s.name(), start);
            default -> throw new IllegalArgumentException("unknown policy " + policyName);
        };
        List<Double> errors = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        boolean injected = s.kind() != BenchScenario.Kind.WRONG_FLOW;
        boolean auto = false;
        boolean explained = false;
        int commands = 0;
        int refused = 0;
        while (run.running()) {
            if (!injected && run.model().elapsedS() >= s.onsetS()) {
                submit(run, String.format(java.util.Locale.ROOT, "M221 S%.1f", s.value()));
                injected = true;
            }
            Optional<LabelledWindow> lw = run.step();
            if (lw.isEmpty()) {
                continue;
            }
            LabelledWindow w = lw.get();
            errors.add(w.trueWidthMm() / PrintJob.STANDARD_WIDTH_MM - 1);
            ends.add(w.window().endS());
            LoopPolicy.Outcome o = policy.decide(w.window(), stated);
            boolean afterOnset = w.window().endS() > s.onsetS() || !s.kind().disturbance()
                    && s.kind() != BenchScenario.Kind.SENSOR_FAULT;
            if (o.decision() != null) {
                explanations.println(ExplanationJson.toJsonLine(o.decision().explanation()));
                if (afterOnset) {
                    auto |= o.decision().tier() == Tier.AUTO_ADJUST;
                    explained |= (o.decision().tier() == Tier.ASK_OPERATOR || o.decision().tier() == Tier.PAUSE)
                            && PrinterReasoner.isOutOfDistribution(o.decision().issue());
                }
            } else if (afterOnset && !o.gcode().isEmpty()) {
                auto = true;
            }
            for (String line : o.gcode()) {
                commands++;
                refused += submit(run, line) ? 0 : 1;
            }
        }
        int firstOut = 0;
        for (int layer = 1; layer <= errors.size(); layer++) {
            if (ends.get(layer - 1) > s.onsetS() && Math.abs(errors.get(layer - 1)) > WIDTH_BAND) {
                firstOut = layer;
                break;
            }
        }
        boolean recovered = firstOut == 0;
        for (int layer = firstOut + 1; firstOut > 0 && layer <= Math.min(errors.size(), firstOut + RETURN_LAYERS);
             layer++) {
            recovered |= Math.abs(errors.get(layer - 1)) <= WIDTH_BAND;
        }
        return new CaseResult(s, policyName, errors, firstOut, recovered, auto, explained, commands, refused);
    }

    private static boolean submit(PrinterRun run, String script) {
        try {
            run.submit(script);
            return true;
        } catch (GcodeException e) {
            return false;
        }
    }

    /** Closes nothing it does not own; the caller closes the controller and the writer. */
    void flush() throws IOException {
        explanations.flush();
        if (explanations.checkError()) {
            throw new IOException("cannot write the benchmark's explanations");
        }
    }
}
