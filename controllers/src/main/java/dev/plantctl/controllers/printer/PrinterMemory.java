package dev.plantctl.controllers.printer;

import dev.plantctl.ml.printer.ZOffsetFusion;
import java.io.Serializable;

/**
 * What the controller remembers of one printer between windows, for debouncing and dead time, and the process
 * expert's Z offset fused across layers.
 *
 * @param issue        the issue of the last clean window that had one, or empty
 * @param streak       consecutive clean windows showing that issue
 * @param lastCommandS when the last command was sent, s on the printer's clock (NaN: never)
 * @param driftMm      the last judged window's estimated gap error net of the live Z adjustment, mm (NaN: none)
 * @param driftAtS     the middle of that window, s on the printer's clock (NaN: none)
 * @param pending      what the last commands should show in the printer's status ({@link PendingEffect#NONE}: none)
 * @param zFusion      the Z offset fused over the printer's layers so far ({@link ZOffsetFusion.State#EMPTY}: none)
 * @param loadTrend    the extruder load across the layers ({@link LoadTrend#NONE}: none)
 */
public record PrinterMemory(String issue, int streak, double lastCommandS, double driftMm, double driftAtS,
                            PendingEffect pending, ZOffsetFusion.State zFusion, LoadTrend loadTrend)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A memory; a null fused Z state or load trend (restored from a savepoint taken before it existed: Flink's schema
     * evolution leaves a new field null) starts afresh.
     */
    public PrinterMemory {
        zFusion = zFusion == null ? ZOffsetFusion.State.EMPTY : zFusion;
        loadTrend = loadTrend == null ? LoadTrend.NONE : loadTrend;
    }

    /** A printer the controller has not seen. */
    public static final PrinterMemory EMPTY = new PrinterMemory("", 0, Double.NaN, Double.NaN, Double.NaN,
            PendingEffect.NONE, ZOffsetFusion.State.EMPTY, LoadTrend.NONE);

    /** This memory with another issue, streak and last command time, keeping the drift. */
    public PrinterMemory with(String issue, int streak, double lastCommandS) {
        return new PrinterMemory(issue, streak, lastCommandS, driftMm, driftAtS, pending, zFusion, loadTrend);
    }

    /** This memory with another pending effect. */
    public PrinterMemory with(PendingEffect effect) {
        return new PrinterMemory(issue, streak, lastCommandS, driftMm, driftAtS, effect, zFusion, loadTrend);
    }

    /** This memory with another judged drift: the window's gap error net of the live adjustment, and its middle. */
    public PrinterMemory withDrift(double judgedDriftMm, double judgedAtS) {
        return new PrinterMemory(issue, streak, lastCommandS, judgedDriftMm, judgedAtS, pending, zFusion, loadTrend);
    }

    /** This memory with another fused Z offset state. */
    public PrinterMemory with(ZOffsetFusion.State fusion) {
        return new PrinterMemory(issue, streak, lastCommandS, driftMm, driftAtS, pending, fusion, loadTrend);
    }

    /** This memory with another load trend. */
    public PrinterMemory with(LoadTrend trend) {
        return new PrinterMemory(issue, streak, lastCommandS, driftMm, driftAtS, pending, zFusion, trend);
    }

    /** The drift rate of the gap (net of live adjustments) from the last judged window to this one, mm/s; 0 when
     * unknown or when the windows lie more than {@code maxGapS} apart. */
    public double driftRateMmS(double driftNowMm, double nowS, double maxGapS) {
        double dt = nowS - driftAtS;
        return Double.isFinite(driftMm) && dt > 0 && dt <= maxGapS ? (driftNowMm - driftMm) / dt : 0;
    }
}
