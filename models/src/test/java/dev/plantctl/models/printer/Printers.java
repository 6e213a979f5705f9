package dev.plantctl.models.printer;

import java.util.List;
import java.util.function.Predicate;

/** Shared set-ups of the printer tests. */
final class Printers {

    /** Ideal sensors and a filament of exactly nominal diameter: physics without noise. */
    static final PrinterParameters EXACT = PrinterParameters.DEFAULTS.withSensors(SensorParameters.IDEAL)
            .withExtruder(new ExtruderParameters(1.75, 0.05, 2.0, 0, 60));

    static final double STEP = 0.25;

    private Printers() {
    }

    static PrinterModel exact(Disturbance... disturbances) {
        return new PrinterModel(EXACT, PrintJob.standard("cube", Material.PLA, 200),
                new Scenario("test", List.of(disturbances)), 1);
    }

    /** Advances in 0.25 s steps until the predicate holds; fails after {@code maxS} simulated seconds. */
    static void runUntil(PrinterModel m, Predicate<PrinterModel> done, double maxS) {
        double end = m.elapsedS() + maxS;
        while (!done.test(m)) {
            if (m.elapsedS() >= end) {
                throw new AssertionError("not reached within " + maxS + " s; status " + m.status());
            }
            m.advance(STEP);
        }
    }

    /** Advances by {@code seconds} in 0.25 s steps. */
    static void run(PrinterModel m, double seconds) {
        double end = m.elapsedS() + seconds - 1e-9;
        while (m.elapsedS() < end) {
            m.advance(STEP);
        }
    }

    /** Prints until layer {@code n} has started. */
    static void toLayer(PrinterModel m, int n) {
        runUntil(m, x -> x.status().currentLayer() >= n, 600 + 60.0 * n);
    }
}
