package dev.plantctl.ml.printer;

import dev.plantctl.models.printer.ProcessEstimate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the process expert's estimates match the truth over a set of windows: mean absolute errors, CIPHER's
 * three-class flow accuracy (under &lt; 90 %, good, over &gt; 110 %) and the share of truths inside ±2σ.
 *
 * @param windows        windows scored
 * @param flowMaePct     flow MAE, percentage points
 * @param zMaeMm         Z offset MAE, mm
 * @param temperatureMaeC temperature deviation MAE, °C
 * @param classAccuracy  share of windows whose estimated flow class is the true one
 * @param inside2Sigma   share of (window, output) pairs whose truth lies within ±2σ of the estimate
 * @param zInside2Sigma  share of windows whose true Z offset lies within ±2σ of the estimate (Z's calibration)
 */
public record ExpertScores(int windows, double flowMaePct, double zMaeMm, double temperatureMaeC,
                           double classAccuracy, double inside2Sigma, double zInside2Sigma) {

    /**
     * Scores estimates against labelled windows, pairwise in order.
     *
     * @throws IllegalArgumentException when the lists differ in length or are empty
     */
    public static ExpertScores of(List<ProcessEstimate> estimates, List<LabelledWindow> truth) {
        if (estimates.size() != truth.size() || truth.isEmpty()) {
            throw new IllegalArgumentException("need as many estimates as labelled windows (> 0), got "
                    + estimates.size() + " and " + truth.size());
        }
        double flow = 0;
        double z = 0;
        double temp = 0;
        int classes = 0;
        int inside = 0;
        int zInside = 0;
        for (int i = 0; i < truth.size(); i++) {
            ProcessEstimate e = estimates.get(i);
            LabelledWindow t = truth.get(i);
            flow += Math.abs(e.flowPct() - t.flowPct());
            z += Math.abs(e.zOffsetMm() - t.zOffsetMm());
            temp += Math.abs(e.temperatureDevC() - t.temperatureDevC());
            classes += ProcessEstimate.classOf(e.flowPct()) == ProcessEstimate.classOf(t.flowPct()) ? 1 : 0;
            inside += Math.abs(e.flowPct() - t.flowPct()) <= 2 * e.flowSigmaPct() ? 1 : 0;
            zInside += Math.abs(e.zOffsetMm() - t.zOffsetMm()) <= 2 * e.zSigmaMm() ? 1 : 0;
            inside += Math.abs(e.temperatureDevC() - t.temperatureDevC()) <= 2 * e.temperatureSigmaC() ? 1 : 0;
        }
        int n = truth.size();
        return new ExpertScores(n, flow / n, z / n, temp / n, (double) classes / n, (inside + zInside) / (3.0 * n),
                (double) zInside / n);
    }

    /** The figures by name, for metadata and reports. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        m.put("flow_mae_pct", flowMaePct);
        m.put("z_mae_mm", zMaeMm);
        m.put("temperature_mae_c", temperatureMaeC);
        m.put("flow_class_accuracy", classAccuracy);
        m.put("inside_2_sigma", inside2Sigma);
        m.put("z_inside_2_sigma", zInside2Sigma);
        return m;
    }
}
