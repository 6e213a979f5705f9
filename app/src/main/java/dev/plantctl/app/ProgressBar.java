package dev.plantctl.app;

import dev.plantctl.ml.nn.TrainingProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar of ensemble training: the share of the epoch budget used (a member that stops early
 * counts its unused epochs as done), members finished, and the last held-out error. On a terminal it is redrawn
 * in place with a carriage return at most ten times a second; into a file or pipe it writes one line per member
 * that finishes. Thread-safe, as members train at once.
 */
final class ProgressBar implements TrainingProgress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final int members;
    private final int[] epochs;
    private final boolean[] done;
    private final boolean terminal;
    private long lastDraw;

    /**
     * @param out      where to draw
     * @param members  members being trained
     * @param terminal whether {@code out} is a terminal (redraw in place) or a file (a line per finished member)
     */
    ProgressBar(PrintWriter out, int members, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.members = members;
        this.epochs = new int[members];
        this.done = new boolean[members];
    }

    @Override
    public synchronized void epoch(int member, int epoch, int maxEpochs, double trainLoss, double holdoutError,
                                   boolean finished) {
        epochs[member] = epoch;
        done[member] = finished;
        long now = System.nanoTime();
        if (!finished && (!terminal || now - lastDraw < 100_000_000L)) {
            return;
        }
        lastDraw = now;
        int used = 0;
        int finishedCount = 0;
        for (int m = 0; m < members; m++) {
            used += done[m] ? maxEpochs : epochs[m];
            finishedCount += done[m] ? 1 : 0;
        }
        double share = used / (double) (members * maxEpochs);
        int filled = (int) Math.round(share * WIDTH);
        out.printf(Locale.ROOT, "%straining [%s%s] %3.0f%%  members done %d/%d  member %d epoch %d held-out mse %.4f ",
                terminal ? "\r" : "", "#".repeat(filled), "-".repeat(WIDTH - filled), 100 * share, finishedCount,
                members, member, epoch, holdoutError);
        if (!terminal || finishedCount == members) {
            out.println();
        }
        out.flush();
    }
}
