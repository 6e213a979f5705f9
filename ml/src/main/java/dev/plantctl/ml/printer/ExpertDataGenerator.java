package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.Disturbance;
import dev.plantctl.models.printer.GcodeException;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.PrinterModel;
import dev.plantctl.models.printer.PrinterParameters;
import dev.plantctl.models.printer.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Training and test data for the process expert, after CAXTON's recipe on the simulator: PLA jobs whose parameters
 * are changed live every {@value #LAYERS_PER_SETTING} layers across flow 20–200 %, Z offset −0.08…+0.32 mm and
 * hotend 160–250 °C (speed 50–150 %), with clogs, filament diameter changes and Z drift in some episodes. Every
 * layer gives one {@link LabelledWindow}; the layer after a change mixes old and new settings and is kept (its
 * labels are the truth over the same window).
 *
 * <p>Each range is drawn half the time uniformly over its whole span and half the time from the band around the
 * nominal setting where a controller works (flow 75–125 %, Z −0.05…+0.10 mm, 190–225 °C), so the expert is
 * accurate where decisions are made and still covers CAXTON's span. Deterministic for a seed.
 */
public final class ExpertDataGenerator {

    /** Layers printed with one setting before the next change. */
    public static final int LAYERS_PER_SETTING = 2;
    /** Layers per episode. */
    public static final int LAYERS_PER_EPISODE = 24;

    private ExpertDataGenerator() {
    }

    /**
     * Simulates episodes and returns every layer's labelled window.
     *
     * @param episodes how many printers to simulate, one job each
     * @param seed     the seed of every choice and of the printers' noise
     */
    public static List<LabelledWindow> generate(int episodes, long seed) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episodes must be >= 1: " + episodes);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledWindow> out = new ArrayList<>();
        for (int e = 0; e < episodes; e++) {
            episode(random.split(), out);
        }
        return out;
    }

    private static void episode(SplittableRandom r, List<LabelledWindow> out) {
        PrintJob job = PrintJob.standard("episode", Material.PLA, LAYERS_PER_EPISODE);
        List<Disturbance> ds = new ArrayList<>();
        ds.add(new Disturbance.ZOffset(0, mixed(r, -0.08, 0.32, -0.05, 0.10)));
        double duration = job.durationS();
        if (r.nextDouble() < 0.25) {
            ds.add(new Disturbance.ClogOnset(r.nextDouble() * duration, 100 + r.nextDouble() * 500,
                    0.45 + r.nextDouble() * 0.5));
        }
        if (r.nextDouble() < 0.15) {
            ds.add(new Disturbance.DiameterChange(r.nextDouble() * duration, 1.62 + r.nextDouble() * 0.24));
        }
        if (r.nextDouble() < 0.15) {
            double limit = (r.nextBoolean() ? 1 : -1) * (0.03 + r.nextDouble() * 0.09);
            ds.add(new Disturbance.ZDrift(r.nextDouble() * duration, limit / 300, limit));
        }
        PrinterRun run = new PrinterRun(new PrinterModel(PrinterParameters.DEFAULTS, job,
                new Scenario("training", ds), r.nextLong()));
        int lastSetting = 0;
        while (run.running()) {
            Optional<LabelledWindow> w = run.step();
            if (w.isEmpty()) {
                continue;
            }
            out.add(w.get());
            int layer = w.get().window().layer();
            if (layer - lastSetting >= LAYERS_PER_SETTING) {
                lastSetting = layer;
                change(run, r);
            }
        }
    }

    private static void change(PrinterRun run, SplittableRandom r) {
        StringBuilder script = new StringBuilder();
        if (r.nextDouble() < 0.7) {
            script.append(String.format(Locale.ROOT, "M221 S%.1f%n", mixed(r, 20, 200, 75, 125)));
        }
        if (r.nextDouble() < 0.35) {
            script.append(String.format(Locale.ROOT, "M104 S%.0f%n", mixed(r, 160, 250, 190, 225)));
        }
        if (r.nextDouble() < 0.3) {
            script.append(String.format(Locale.ROOT, "M220 S%.0f%n", 50 + r.nextDouble() * 100));
        }
        if (r.nextDouble() < 0.2) {
            script.append(String.format(Locale.ROOT, "M290 Z%.3f%n", -0.04 + r.nextDouble() * 0.08));
        }
        if (script.isEmpty()) {
            return;
        }
        try {
            run.submit(script.toString());
        } catch (GcodeException refused) {
            // A refused setting (a Z adjustment beyond the printer's bound, a printer shut down by its firmware)
            // leaves the episode in its last setting on purpose: the labels stay the truth of what was printed.
        }
    }

    private static double mixed(SplittableRandom r, double low, double high, double nearLow, double nearHigh) {
        return r.nextBoolean() ? low + r.nextDouble() * (high - low) : nearLow + r.nextDouble() * (nearHigh - nearLow);
    }
}
