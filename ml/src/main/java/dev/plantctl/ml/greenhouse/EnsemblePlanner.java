package dev.plantctl.ml.greenhouse;

import ai.onnxruntime.OrtException;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.rl.CrossEntropyPlanner;
import dev.plantctl.ml.rl.SampleDropout;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Robust model-predictive control on the learned dynamics ensemble: how the planning MBRL controllers decide
 * ({@link MbrlBundle#planning()}), in training, in the benchmark and in the Flink job alike.
 *
 * <p>Each decision plans {@link Settings#horizon} steps ahead with a cold-started {@link CrossEntropyPlanner} in
 * the policy's rate-limited action space ({@link PolicyActions#controls}), like the benchmark's MPC on the true
 * model. Every sequence is rolled out by each ensemble member on its own (member k's mean prediction, step after
 * step, from the same start and with the same controls) and each step is accounted by
 * {@link GreenhouseEconomics}. The sequence's return is the mean of the member returns that
 * {@link SampleDropout#keep} keeps: with α &gt; 0 the most optimistic members are dropped, so a plan is judged by
 * the pessimistic share of what the ensemble imagines (robust MBRL); with α = 0 by all members (plain MBRL).
 * Stateless between decisions and deterministic for its settings, so that one instance can serve many
 * compartments in any order. Not thread-safe.
 */
public final class EnsemblePlanner {

    /** What predicts the ensemble's next-state changes: the JVM ensemble in training, ONNX Runtime when served. */
    @FunctionalInterface
    public interface Dynamics {

        /**
         * The members' predictions: row {@code s·K + m} is member m's rollout of sequence s, and member m's
         * prediction for it is all the planner reads (so an implementation may skip the others, as
         * {@link ProbabilisticEnsemble#predictInterleaved} does).
         *
         * @param inputs raw dynamics inputs ({@link GreenhouseDynamics#input})
         * @throws OrtException when ONNX Runtime fails
         */
        EnsemblePrediction predict(double[][] inputs) throws OrtException;
    }

    /**
     * The planner's settings.
     *
     * @param horizon    planning steps, ≥ 1
     * @param samples    sequences per round, ≥ 10
     * @param iterations rounds, ≥ 1
     * @param seed       seed of the sampling (each decision starts from it)
     */
    public record Settings(int horizon, int samples, int iterations, long seed) {

        /** The shipped settings: 8 steps (2 h), 40 sequences, 3 rounds, seed 7. */
        public static final Settings SHIPPED = new Settings(8, 40, 3, 7);
    }

    /**
     * A decision's plan.
     *
     * @param controls        the first controls of the best sequence (bounded and rate-limited, before any guard)
     * @param actions         the best sequence in the planner's action space
     * @param predictedReturn its pessimistic return over the horizon, € m⁻²
     */
    public record Plan(Controls controls, double[][] actions, double predictedReturn) {
    }

    private final Dynamics dynamics;
    private final int members;
    private final SampleDropout dropout;
    private final GreenhouseEconomics economics;
    private final Settings settings;

    /**
     * @param dynamics  the ensemble's predictions
     * @param members   how many members it has, ≥ 1
     * @param dropout   whose α judges a sequence by its pessimistic member returns
     * @param economics the reward
     * @param settings  horizon, samples, rounds and seed
     */
    public EnsemblePlanner(Dynamics dynamics, int members, SampleDropout dropout, GreenhouseEconomics economics,
                           Settings settings) {
        this.dynamics = Objects.requireNonNull(dynamics, "dynamics");
        this.dropout = Objects.requireNonNull(dropout, "dropout");
        this.economics = Objects.requireNonNull(economics, "economics");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (members < 1) {
            throw new IllegalArgumentException("an ensemble planner needs at least one member: " + members);
        }
        this.members = members;
    }

    /** A planner on a JVM ensemble. */
    public static EnsemblePlanner of(ProbabilisticEnsemble ensemble, SampleDropout dropout,
                                     GreenhouseEconomics economics, Settings settings) {
        return new EnsemblePlanner(ensemble::predictInterleaved, ensemble.size(), dropout, economics, settings);
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /**
     * The weather inputs over the horizon: the forecast's at each step, or, without a forecast, the weather now
     * held over the horizon (persistence).
     *
     * @param x        the dynamics inputs now (their weather is the persistence forecast)
     * @param time     the control instant
     * @param forecast the forecast, or null
     */
    public double[][] horizonWeather(double[] x, Instant time, WeatherSource forecast) {
        double[][] exogenous = new double[settings.horizon()][];
        for (int h = 0; h < exogenous.length; h++) {
            exogenous[h] = forecast == null ? Arrays.copyOfRange(x, 7, 10)
                    : GreenhouseDynamics.exogenous(forecast.at(time.plus(GreenhouseDynamics.STEP.multipliedBy(h))));
        }
        return exogenous;
    }

    /**
     * Plans.
     *
     * @param x         the dynamics inputs now ({@link GreenhouseDynamics#input}: state, previous controls, weather)
     * @param exogenous the weather inputs at each step of the horizon ({@link #horizonWeather})
     * @throws OrtException when ONNX Runtime fails
     */
    public Plan plan(double[] x, double[][] exogenous) throws OrtException {
        CrossEntropyPlanner planner = new CrossEntropyPlanner(settings.horizon(),
                GreenhouseDynamics.ACTION.size(), settings.samples(), settings.iterations(), settings.seed());
        try {
            CrossEntropyPlanner.Plan best = planner.plan(sequences -> {
                double[][] starts = new double[sequences.length][];
                Arrays.fill(starts, x);
                return returns(starts, sequences, exogenous);
            });
            return new Plan(PolicyActions.controls(best.first(), PolicyActions.previous(x)), best.actions(),
                    best.predictedReturn());
        } catch (Failed e) {
            throw e.cause;
        }
    }

    /**
     * What makes the plan better than an alternative first step: for each of the ten dynamics inputs, how far the
     * plan's predicted advantage over the alternative (its first controls, then held) moves when the input moves
     * by ±½ of its scale in {@link PolicyActions#FEATURES}, € m⁻² over the horizon.
     *
     * @param alternative the alternative's first controls, e.g. the rule-based request
     * @throws OrtException when ONNX Runtime fails
     */
    public double[] attribution(double[] x, double[][] exogenous, Plan plan, Controls alternative)
            throws OrtException {
        int d = x.length;
        double[][] hold = new double[settings.horizon()][GreenhouseDynamics.ACTION.size()];
        hold[0] = PolicyActions.appliedAction(alternative, alternative, PolicyActions.previous(x), false);
        double[][] starts = new double[4 * d][];
        double[][][] sequences = new double[4 * d][][];
        for (int j = 0; j < d; j++) {
            double h = 0.5 * PolicyActions.FEATURES.std(j);
            for (int sign = 0; sign < 2; sign++) {
                double[] moved = x.clone();
                moved[j] += sign == 0 ? h : -h;
                starts[4 * j + 2 * sign] = moved;
                sequences[4 * j + 2 * sign] = plan.actions();
                starts[4 * j + 2 * sign + 1] = moved;
                sequences[4 * j + 2 * sign + 1] = hold;
            }
        }
        double[] r;
        try {
            r = returns(starts, sequences, exogenous);
        } catch (Failed e) {
            throw e.cause;
        }
        double[] attribution = new double[d];
        for (int j = 0; j < d; j++) {
            attribution[j] = Math.abs((r[4 * j] - r[4 * j + 1]) - (r[4 * j + 2] - r[4 * j + 3]));
        }
        return attribution;
    }

    /** The pessimistic return of each sequence from its own start. */
    private double[] returns(double[][] starts, double[][][] sequences, double[][] exogenous) {
        int n = sequences.length;
        int k = members;
        double dt = GreenhouseDynamics.STEP.toSeconds();
        double[][][] state = new double[n][k][];
        Controls[] controls = new Controls[n];
        for (int s = 0; s < n; s++) {
            controls[s] = PolicyActions.previous(starts[s]);
            for (int m = 0; m < k; m++) {
                state[s][m] = Arrays.copyOf(starts[s], 4);
            }
        }
        double[][] total = new double[n][k];
        for (int h = 0; h < settings.horizon(); h++) {
            double[] exo = h == 0 ? null : exogenous[h];
            double[][] inputs = new double[n * k][];
            for (int s = 0; s < n; s++) {
                controls[s] = PolicyActions.controls(sequences[s][h], controls[s]);
                double[] weather = exo != null ? exo : Arrays.copyOfRange(starts[s], 7, 10);
                for (int m = 0; m < k; m++) {
                    double[] in = new double[10];
                    System.arraycopy(state[s][m], 0, in, 0, 4);
                    System.arraycopy(GreenhouseDynamics.action(controls[s]), 0, in, 4, 3);
                    System.arraycopy(weather, 0, in, 7, 3);
                    inputs[s * k + m] = in;
                }
            }
            EnsemblePrediction p;
            try {
                p = dynamics.predict(inputs);
            } catch (OrtException e) {
                throw new Failed(e);
            }
            for (int s = 0; s < n; s++) {
                boolean daytime = (exo != null ? exo[0] : starts[s][7]) > 0;
                for (int m = 0; m < k; m++) {
                    double[] next = new double[4];
                    for (int j = 0; j < 4; j++) {
                        next[j] = state[s][m][j] + p.mean(m, s * k + m, j);
                    }
                    ClimateState before = GreenhouseDynamics.climateState(state[s][m]);
                    ClimateState after = GreenhouseDynamics.climateState(next);
                    total[s][m] += economics.account(before, after, controls[s], daytime, dt).reward();
                    state[s][m] = GreenhouseDynamics.state(after);
                }
            }
        }
        double[] out = new double[n];
        for (int s = 0; s < n; s++) {
            boolean[] keep = dropout.keep(new double[][] {total[s]})[0];
            double sum = 0;
            int kept = 0;
            for (int m = 0; m < k; m++) {
                if (keep[m]) {
                    sum += total[s][m];
                    kept++;
                }
            }
            out[s] = kept == 0 ? Arrays.stream(total[s]).min().orElseThrow() : sum / kept;
        }
        return out;
    }

    /** Carries an ONNX Runtime failure out of the planner's objective. */
    private static final class Failed extends RuntimeException {
        private final OrtException cause;

        Failed(OrtException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
