package dev.plantctl.app.printer;

import java.util.List;

/**
 * How one benchmark case went under one policy.
 *
 * @param scenario      the case
 * @param policy        {@code none}, {@code threshold} or {@code cipher}
 * @param widthErrors   per finished layer, the true mean line width's relative error (layer i at index i − 1)
 * @param firstOutLayer the first layer after the onset whose width left ±5 %, 0 when none did
 * @param recovered     whether a width within ±5 % came back within 3 layers of that (true when none left)
 * @param autoAdjusted  whether the policy sent an automatic adjustment for a window that began after the onset
 * @param explainedOod  whether a decision after the onset asked the operator or paused, naming an
 *                      out-of-distribution reason
 * @param commands      G-code lines sent
 * @param refused       G-code lines the printer refused
 */
record CaseResult(BenchScenario scenario, String policy, List<Double> widthErrors, int firstOutLayer,
                  boolean recovered, boolean autoAdjusted, boolean explainedOod, int commands, int refused) {

    /** Layers after the first out-of-band one plus 3 whose width lies within ±5 %, as a share (NaN: none). */
    double inBandAfter() {
        int from = firstOutLayer == 0 ? 1 : firstOutLayer + 3;
        int n = 0;
        int in = 0;
        for (int layer = from + 1; layer <= widthErrors.size(); layer++) {
            n++;
            in += Math.abs(widthErrors.get(layer - 1)) <= PrinterBench.WIDTH_BAND ? 1 : 0;
        }
        return n == 0 ? Double.NaN : (double) in / n;
    }
}
