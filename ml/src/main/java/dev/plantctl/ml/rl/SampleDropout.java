package dev.plantctl.ml.rl;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Sample dropout of robust model-based RL: the policy learns from the pessimistic share of what the model
 * ensemble imagines.
 *
 * <ul>
 *   <li><b>α (samples)</b>: a batch holds, for each of B start states, one sample of each of K members. A
 *       sample's optimism is its reward minus the mean reward of the K members for the same start state; the
 *       ⌊α·B·K⌉ most optimistic samples of the batch are dropped. α = 0 keeps everything (plain MBRL).</li>
 *   <li><b>β (members)</b>: the ⌊β·K⌉ members with the largest validation error are dropped before any sample
 *       is drawn; at least one member always stays.</li>
 * </ul>
 *
 * @param alpha fraction of model samples dropped, in [0, 1)
 * @param beta  fraction of ensemble members dropped, in [0, 1)
 */
public record SampleDropout(double alpha, double beta) {

    /** No dropout: plain model-based RL. */
    public static final SampleDropout NONE = new SampleDropout(0, 0);

    /** @throws IllegalArgumentException when α or β lies outside [0, 1) */
    public SampleDropout {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("sample dropout alpha must lie in [0, 1): " + alpha);
        }
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("sample dropout beta must lie in [0, 1): " + beta);
        }
    }

    /**
     * Which samples to keep.
     *
     * @param rewards rewards[b][k]: member k's sample for start state b; every row of one length K ≥ 1
     * @return keep[b][k]
     */
    public boolean[][] keep(double[][] rewards) {
        int b = rewards.length;
        if (b == 0) {
            return new boolean[0][];
        }
        int k = rewards[0].length;
        double[] optimism = new double[b * k];
        for (int i = 0; i < b; i++) {
            if (rewards[i].length != k) {
                throw new IllegalArgumentException("start state " + i + " has " + rewards[i].length
                        + " member samples, the first has " + k);
            }
            double mean = Arrays.stream(rewards[i]).average().orElseThrow();
            for (int m = 0; m < k; m++) {
                optimism[i * k + m] = rewards[i][m] - mean;
            }
        }
        int drop = (int) Math.round(alpha * b * k);
        boolean[][] keep = new boolean[b][k];
        for (boolean[] row : keep) {
            Arrays.fill(row, true);
        }
        IntStream.range(0, b * k).boxed()
                .sorted(Comparator.comparingDouble((Integer s) -> optimism[s]).reversed().thenComparing(s -> s))
                .limit(drop)
                .forEach(s -> keep[s / k][s % k] = false);
        return keep;
    }

    /**
     * The members that stay after β: indices into the ensemble, in their original order.
     *
     * @param validationError each member's validation error
     */
    public int[] members(double[] validationError) {
        int k = validationError.length;
        if (k == 0) {
            throw new IllegalArgumentException("no ensemble members to choose from");
        }
        int drop = Math.min(k - 1, (int) Math.round(beta * k));
        boolean[] dropped = new boolean[k];
        IntStream.range(0, k).boxed()
                .sorted(Comparator.comparingDouble((Integer m) -> validationError[m]).reversed().thenComparing(m -> m))
                .limit(drop)
                .forEach(m -> dropped[m] = true);
        return IntStream.range(0, k).filter(m -> !dropped[m]).toArray();
    }
}
