package dev.plantctl.ml.greenhouse;

import java.util.List;
import java.util.Locale;

/**
 * How well a trained dynamics ensemble predicts held-out data: per member and for the ensemble of elites, the
 * one-step R² of each state component (of the next state, and of its change, the harder of the two), the error
 * of open-loop rollouts over {@code rolloutHours} against the true simulator's trajectory, and the share of true
 * next states inside the ensemble's ±2σ band.
 *
 * @param heldOutTransitions transitions evaluated
 * @param heldOutFingerprint the fingerprint of the held-out set
 * @param rollouts           rollout windows (per model)
 * @param rolloutHours       the rollout horizon
 * @param members            every member's scores, in member order
 * @param ensemble           the elites' mixture scores
 * @param inside2Sigma       per state component, the share of true next states inside mean ± 2σ of the elites'
 *                           mixture (aleatoric and epistemic variance)
 */
public record DynamicsReport(int heldOutTransitions, String heldOutFingerprint, int rollouts, double rolloutHours,
                             List<Scores> members, Scores ensemble, double[] inside2Sigma) {

    /** Names and report units of the state components, in state order. */
    public static final List<String> COLUMNS = List.of("dry weight g/m2", "CO2 ppm", "temperature degC",
            "humidity g/m3");

    /** Copies the lists. */
    public DynamicsReport {
        members = List.copyOf(members);
        inside2Sigma = inside2Sigma.clone();
    }

    @Override
    public double[] inside2Sigma() {
        return inside2Sigma.clone();
    }

    /**
     * The scores of one model.
     *
     * @param name        {@code member 3} or {@code ensemble}
     * @param elite       whether the member is an elite (true for the ensemble)
     * @param r2Next      one-step R² of the next state, per state component
     * @param r2Change    one-step R² of the state change, per state component
     * @param rolloutRmse RMSE over every step of the open-loop rollouts, per state component, in report units
     * @param finalRmse   RMSE at the end of the rollouts, per state component, in report units
     */
    public record Scores(String name, boolean elite, double[] r2Next, double[] r2Change, double[] rolloutRmse,
                         double[] finalRmse) {

        /** Copies the arrays. */
        public Scores {
            r2Next = r2Next.clone();
            r2Change = r2Change.clone();
            rolloutRmse = rolloutRmse.clone();
            finalRmse = finalRmse.clone();
        }

        @Override
        public double[] r2Next() {
            return r2Next.clone();
        }

        @Override
        public double[] r2Change() {
            return r2Change.clone();
        }

        @Override
        public double[] rolloutRmse() {
            return rolloutRmse.clone();
        }

        @Override
        public double[] finalRmse() {
            return finalRmse.clone();
        }
    }

    /** The report as text tables for a terminal. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "held-out data: %d transitions (%s)%n", heldOutTransitions,
                heldOutFingerprint));
        s.append(String.format(Locale.ROOT, "%none-step R2 of the next state | of the state change%n"));
        s.append(String.format(Locale.ROOT, "%-12s %-6s", "model", "elite"));
        for (String c : COLUMNS) {
            s.append(String.format(Locale.ROOT, " %18s", c.substring(0, c.lastIndexOf(' '))));
        }
        s.append('\n');
        for (Scores m : all()) {
            s.append(String.format(Locale.ROOT, "%-12s %-6s", m.name(), m.elite() ? "yes" : "no"));
            for (int j = 0; j < COLUMNS.size(); j++) {
                s.append(String.format(Locale.ROOT, "   %6.4f | %6.4f", m.r2Next[j], m.r2Change[j]));
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "%n%.0f-hour open-loop rollouts against the true simulator (%d windows):"
                + " RMSE over the horizon | at its end%n", rolloutHours, rollouts));
        s.append(String.format(Locale.ROOT, "%-12s %-6s", "model", "elite"));
        for (String c : COLUMNS) {
            s.append(String.format(Locale.ROOT, " %22s", c));
        }
        s.append('\n');
        for (Scores m : all()) {
            s.append(String.format(Locale.ROOT, "%-12s %-6s", m.name(), m.elite() ? "yes" : "no"));
            for (int j = 0; j < COLUMNS.size(); j++) {
                s.append(String.format(Locale.ROOT, "   %8.3f | %8.3f", m.rolloutRmse[j], m.finalRmse[j]));
            }
            s.append('\n');
        }
        s.append(String.format(Locale.ROOT, "%ncalibration: share of true next states inside the ensemble's +-2 sigma"
                + " (target >= 0.90)%n"));
        for (int j = 0; j < COLUMNS.size(); j++) {
            s.append(String.format(Locale.ROOT, "  %-17s %5.3f%n", COLUMNS.get(j).substring(0,
                    COLUMNS.get(j).lastIndexOf(' ')), inside2Sigma[j]));
        }
        return s.toString();
    }

    private List<Scores> all() {
        return java.util.stream.Stream.concat(members.stream(), java.util.stream.Stream.of(ensemble)).toList();
    }
}
