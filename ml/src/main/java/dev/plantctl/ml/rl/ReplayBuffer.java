package dev.plantctl.ml.rl;

import java.util.SplittableRandom;

/**
 * A ring buffer of transitions (observation, action, reward, next observation) for off-policy learning; when
 * full, the oldest transition is overwritten. Not thread-safe.
 */
public final class ReplayBuffer {

    private final double[][] obs;
    private final double[][] act;
    private final double[] reward;
    private final double[][] next;
    private int size;
    private int head;

    /** @param capacity the most transitions held, ≥ 1 */
    public ReplayBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("replay buffer capacity must be >= 1: " + capacity);
        }
        obs = new double[capacity][];
        act = new double[capacity][];
        reward = new double[capacity];
        next = new double[capacity][];
    }

    /** Adds one transition (the arrays are kept, not copied). */
    public void add(double[] observation, double[] action, double r, double[] nextObservation) {
        obs[head] = observation;
        act[head] = action;
        reward[head] = r;
        next[head] = nextObservation;
        head = (head + 1) % obs.length;
        size = Math.min(size + 1, obs.length);
    }

    /** Transitions held. */
    public int size() {
        return size;
    }

    /**
     * Copies {@code n} transitions drawn uniformly with replacement into the batch at positions
     * {@code from … from + n − 1}.
     *
     * @throws IllegalStateException when the buffer is empty
     */
    public void sample(int n, SplittableRandom rng, Batch batch, int from) {
        if (size == 0 && n > 0) {
            throw new IllegalStateException("cannot sample from an empty replay buffer");
        }
        for (int i = 0; i < n; i++) {
            int j = rng.nextInt(size);
            batch.obs[from + i] = obs[j];
            batch.act[from + i] = act[j];
            batch.reward[from + i] = reward[j];
            batch.next[from + i] = next[j];
        }
    }

    /**
     * One minibatch, filled by {@link #sample}.
     *
     * @param obs    observations
     * @param act    actions
     * @param reward rewards
     * @param next   next observations
     */
    public record Batch(double[][] obs, double[][] act, double[] reward, double[][] next) {

        /** An empty batch of n transitions. */
        public static Batch of(int n) {
            return new Batch(new double[n][], new double[n][], new double[n], new double[n][]);
        }
    }
}
