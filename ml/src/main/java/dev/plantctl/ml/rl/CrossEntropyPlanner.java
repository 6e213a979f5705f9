package dev.plantctl.ml.rl;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Model-predictive planning by the cross-entropy method over action sequences in [−1, 1]^A: {@code iterations}
 * rounds of {@code samples} sequences of {@code horizon} steps, drawn from a Gaussian per step and action
 * component that starts at the previous plan shifted by one step (σ 0.5) and is refitted to the best
 * {@value #ELITE_FRACTION} of the sequences (at least two) by the objective; the first sequence of each round is
 * the mean itself. The best sequence seen is the plan. What a sequence is worth is the caller's
 * {@link Objective}: the true model for the benchmark's MPC, the learned ensemble for the model-based policies.
 *
 * <p>Keeps its last plan between calls as the next call's warm start, so one instance follows one trajectory;
 * {@link #reset()} forgets it. Not thread-safe. Deterministic for a seed and a sequence of calls.
 */
public final class CrossEntropyPlanner {

    /** Share of the sequences the sampling distribution is refitted to. */
    public static final double ELITE_FRACTION = 0.1;

    /** What action sequences are worth. */
    @FunctionalInterface
    public interface Objective {

        /**
         * The returns of a batch of sequences.
         *
         * @param sequences sequences[s][h][j]: action component j at step h of sequence s, each in [−1, 1]
         * @return one return per sequence, larger is better
         */
        double[] returns(double[][][] sequences);
    }

    /**
     * A plan.
     *
     * @param actions         the best sequence, horizon × action components
     * @param predictedReturn its return by the objective
     */
    public record Plan(double[][] actions, double predictedReturn) {

        /** The first step's action. */
        public double[] first() {
            return actions[0].clone();
        }
    }

    private final int horizon;
    private final int actions;
    private final int samples;
    private final int iterations;
    private final SplittableRandom rng;
    private double[][] plan;

    /**
     * @param horizon    planning steps, ≥ 1
     * @param actions    action components, ≥ 1
     * @param samples    sequences per round, ≥ 10
     * @param iterations rounds, ≥ 1
     * @param seed       seed of the sampling
     * @throws IllegalArgumentException when a count is out of range
     */
    public CrossEntropyPlanner(int horizon, int actions, int samples, int iterations, long seed) {
        if (horizon < 1 || actions < 1 || samples < 10 || iterations < 1) {
            throw new IllegalArgumentException("planning needs horizon >= 1, actions >= 1, samples >= 10,"
                    + " iterations >= 1: " + horizon + ", " + actions + ", " + samples + ", " + iterations);
        }
        this.horizon = horizon;
        this.actions = actions;
        this.samples = samples;
        this.iterations = iterations;
        this.rng = new SplittableRandom(seed);
        this.plan = new double[horizon][actions];
    }

    /** Forgets the last plan: the next call starts from zero actions. */
    public void reset() {
        plan = new double[horizon][actions];
    }

    /** Plans: the best sequence by the objective, which also becomes the next call's warm start. */
    public Plan plan(Objective objective) {
        double[][] mean = new double[horizon][];
        for (int h = 0; h < horizon; h++) {
            mean[h] = h + 1 < horizon ? plan[h + 1].clone() : new double[actions];
        }
        double[][] sd = new double[horizon][actions];
        for (double[] row : sd) {
            Arrays.fill(row, 0.5);
        }
        double[][] best = mean;
        double bestReturn = Double.NEGATIVE_INFINITY;
        int elites = Math.max(2, (int) Math.round(ELITE_FRACTION * samples));
        for (int it = 0; it < iterations; it++) {
            double[][][] seqs = new double[samples][horizon][actions];
            for (int s = 0; s < samples; s++) {
                for (int h = 0; h < horizon; h++) {
                    for (int j = 0; j < actions; j++) {
                        double a = s == 0 ? mean[h][j] : mean[h][j] + sd[h][j] * rng.nextGaussian();
                        seqs[s][h][j] = Math.max(-1, Math.min(1, a));
                    }
                }
            }
            double[] returns = objective.returns(seqs);
            if (returns.length != samples) {
                throw new IllegalArgumentException("the objective returned " + returns.length + " returns for "
                        + samples + " sequences");
            }
            Integer[] order = new Integer[samples];
            for (int s = 0; s < samples; s++) {
                order[s] = s;
                if (returns[s] > bestReturn) {
                    bestReturn = returns[s];
                    best = seqs[s];
                }
            }
            Arrays.sort(order, (a, b) -> Double.compare(returns[b], returns[a]));
            for (int h = 0; h < horizon; h++) {
                for (int j = 0; j < actions; j++) {
                    double m = 0;
                    for (int e = 0; e < elites; e++) {
                        m += seqs[order[e]][h][j];
                    }
                    m /= elites;
                    double v = 0;
                    for (int e = 0; e < elites; e++) {
                        double d = seqs[order[e]][h][j] - m;
                        v += d * d;
                    }
                    mean[h][j] = m;
                    sd[h][j] = Math.max(0.05, Math.sqrt(v / elites));
                }
            }
        }
        plan = best;
        return new Plan(best, bestReturn);
    }
}
