package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.data.Transition;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainedEnsemble;
import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.ClimateState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a trained greenhouse dynamics ensemble on held-out transitions (from weather it was not trained on),
 * with the JVM forward pass; the result is a {@link DynamicsReport}.
 *
 * <p><b>Rollouts.</b> The held-out transitions of each compartment are cut into consecutive windows of the
 * horizon. Each model starts a window from the true state and then feeds its own mean prediction back,
 * {@code x ← clamp(x + μ(x, u, d))}, under the controls and weather that were recorded (open loop), and is
 * compared with the true simulator's states along the window. For a member μ is its own mean; for the ensemble
 * it is the elites' mixture mean.
 */
public final class DynamicsEvaluation {

    private DynamicsEvaluation() {
    }

    /**
     * Scores every member and the elites' ensemble.
     *
     * @param trained the trained ensemble
     * @param heldOut greenhouse transitions not trained on
     * @param horizon the rollout horizon, a whole number of control periods
     * @throws IllegalArgumentException when the data are not greenhouse transitions
     */
    public static DynamicsReport evaluate(TrainedEnsemble trained, TransitionSet heldOut, Duration horizon) {
        if (!heldOut.schema().equals(GreenhouseDynamics.SCHEMA)) {
            throw new IllegalArgumentException("held-out data are not greenhouse transitions: " + heldOut.schema());
        }
        ProbabilisticEnsemble all = trained.all();
        int k = all.size();
        int d = GreenhouseDynamics.STATE.size();
        List<Transition> ts = heldOut.transitions();
        EnsemblePrediction oneStep = all.predict(heldOut.inputs());
        EnsemblePrediction elites = trained.elites().predict(heldOut.inputs());

        List<List<Transition>> windows = windows(ts, (int) horizon.dividedBy(GreenhouseDynamics.STEP));
        List<DynamicsReport.Scores> members = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            int member = m;
            double[][] rollout = rollout(windows, x -> memberMean(all, member, x));
            members.add(new DynamicsReport.Scores("member " + m, trained.isElite(m),
                    r2(ts, (n, j) -> oneStep.mean(member, n, j), true),
                    r2(ts, (n, j) -> oneStep.mean(member, n, j), false), rollout[0], rollout[1]));
        }
        ProbabilisticEnsemble eliteEnsemble = trained.elites();
        double[][] rollout = rollout(windows, x -> mixtureMean(eliteEnsemble, x));
        DynamicsReport.Scores ensemble = new DynamicsReport.Scores("ensemble", true,
                r2(ts, elites::ensembleMean, true), r2(ts, elites::ensembleMean, false), rollout[0], rollout[1]);

        double[] inside = new double[d];
        for (int n = 0; n < ts.size(); n++) {
            Transition t = ts.get(n);
            for (int j = 0; j < d; j++) {
                double err = t.next(j) - t.state(j) - elites.ensembleMean(n, j);
                if (Math.abs(err) <= 2 * Math.sqrt(elites.ensembleVariance(n, j))) {
                    inside[j]++;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            inside[j] /= ts.size();
        }
        return new DynamicsReport(ts.size(), heldOut.fingerprint(), windows.size(), horizon.toMinutes() / 60.0,
                members, ensemble, inside);
    }

    private interface Predicted {
        double at(int n, int j);
    }

    private interface Step {
        double[][] change(double[][] inputs);
    }

    private static double[] r2(List<Transition> ts, Predicted change, boolean ofNextState) {
        int d = GreenhouseDynamics.STATE.size();
        double[] r2 = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (Transition t : ts) {
                mean += ofNextState ? t.next(j) : t.next(j) - t.state(j);
            }
            mean /= ts.size();
            double res = 0;
            double tot = 0;
            for (int n = 0; n < ts.size(); n++) {
                Transition t = ts.get(n);
                double truth = ofNextState ? t.next(j) : t.next(j) - t.state(j);
                double predicted = ofNextState ? t.state(j) + change.at(n, j) : change.at(n, j);
                res += (truth - predicted) * (truth - predicted);
                tot += (truth - mean) * (truth - mean);
            }
            r2[j] = 1 - res / tot;
        }
        return r2;
    }

    private static List<List<Transition>> windows(List<Transition> ts, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("rollout horizon must span at least one control period");
        }
        Map<String, List<Transition>> byUnit = new LinkedHashMap<>();
        for (Transition t : ts) {
            byUnit.computeIfAbsent(t.unit(), u -> new ArrayList<>()).add(t);
        }
        List<List<Transition>> out = new ArrayList<>();
        for (List<Transition> unit : byUnit.values()) {
            List<Transition> window = new ArrayList<>();
            for (Transition t : unit) {
                if (!window.isEmpty() && !t.time().equals(window.get(window.size() - 1).time()
                        .plus(GreenhouseDynamics.STEP))) {
                    window.clear();
                }
                window.add(t);
                if (window.size() == steps) {
                    out.add(List.copyOf(window));
                    window.clear();
                }
            }
        }
        return out;
    }

    /** RMSE over all steps and at the end, per state component, in report units. */
    private static double[][] rollout(List<List<Transition>> windows, Step model) {
        int d = GreenhouseDynamics.STATE.size();
        double[][] x = new double[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            x[w] = windows.get(w).get(0).state();
        }
        double[] sum = new double[d];
        double[] last = new double[d];
        int steps = windows.isEmpty() ? 0 : windows.get(0).size();
        for (int s = 0; s < steps; s++) {
            double[][] inputs = new double[windows.size()][];
            for (int w = 0; w < windows.size(); w++) {
                Transition t = windows.get(w).get(s);
                inputs[w] = new Transition(t.unit(), t.time(), x[w], t.action(), t.exogenous(), x[w]).input();
            }
            double[][] change = model.change(inputs);
            for (int w = 0; w < windows.size(); w++) {
                double[] next = x[w].clone();
                for (int j = 0; j < d; j++) {
                    next[j] += change[w][j];
                }
                x[w] = GreenhouseDynamics.state(GreenhouseDynamics.climateState(next));
                double[] predicted = reportUnits(x[w]);
                double[] truth = reportUnits(windows.get(w).get(s).next());
                for (int j = 0; j < d; j++) {
                    double e = (predicted[j] - truth[j]) * (predicted[j] - truth[j]);
                    sum[j] += e;
                    if (s == steps - 1) {
                        last[j] += e;
                    }
                }
            }
        }
        double[][] out = new double[2][d];
        for (int j = 0; j < d; j++) {
            out[0][j] = windows.isEmpty() ? Double.NaN : Math.sqrt(sum[j] / (steps * (double) windows.size()));
            out[1][j] = windows.isEmpty() ? Double.NaN : Math.sqrt(last[j] / windows.size());
        }
        return out;
    }

    /** Dry weight g m⁻², CO₂ ppm, temperature °C, humidity g m⁻³. */
    static double[] reportUnits(double[] state) {
        ClimateState s = GreenhouseDynamics.climateState(state);
        return new double[] {1000 * s.dryWeight(), ClimateSensors.co2Ppm(s.co2(), s.temperature()), s.temperature(),
                1000 * s.humidity()};
    }

    private static double[][] memberMean(ProbabilisticEnsemble all, int member, double[][] inputs) {
        ProbabilisticEnsemble one = all.subset(new int[] {member});
        EnsemblePrediction p = one.predict(inputs);
        return means(p);
    }

    private static double[][] mixtureMean(ProbabilisticEnsemble ensemble, double[][] inputs) {
        return means(ensemble.predict(inputs));
    }

    private static double[][] means(EnsemblePrediction p) {
        double[][] out = new double[p.rows()][p.outputs()];
        for (int n = 0; n < p.rows(); n++) {
            for (int j = 0; j < p.outputs(); j++) {
                out[n][j] = p.ensembleMean(n, j);
            }
        }
        return out;
    }
}
