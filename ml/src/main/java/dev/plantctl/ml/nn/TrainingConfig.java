package dev.plantctl.ml.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyperparameters of {@link EnsembleTrainer}. Build with {@link #builder()}: every setter checks its argument and
 * names it; {@link Builder#build()} checks that the options fit together.
 *
 * @param members         ensemble size K
 * @param elites          how many of the best members (by held-out error) form the served ensemble
 * @param hidden          widths of the hidden layers
 * @param maxEpochs       upper bound of passes over each member's bootstrap sample
 * @param patience        early stopping: epochs without a 1 % improvement of the held-out error before stopping
 * @param batchSize       minibatch size
 * @param learningRate    Adam's step size
 * @param weightDecay     decoupled weight decay of the weights
 * @param holdoutFraction share of the data kept out of training for early stopping and elite selection
 * @param seed            seed of every random choice (split, bootstrap, initialisation, shuffling)
 * @param threads         members trained at once
 */
public record TrainingConfig(int members, int elites, int[] hidden, int maxEpochs, int patience, int batchSize,
                             double learningRate, double weightDecay, double holdoutFraction, long seed,
                             int threads) {

    /** Default ensemble size K. */
    public static final int DEFAULT_MEMBERS = 7;
    /** Default number of elites. */
    public static final int DEFAULT_ELITES = 5;

    /** @throws IllegalArgumentException when options do not fit together */
    public TrainingConfig {
        hidden = hidden.clone();
        if (elites > members) {
            throw new IllegalArgumentException("training option 'elites' (" + elites + ") must not exceed 'members' ("
                    + members + ")");
        }
    }

    /** A builder with the defaults: K = 7, 5 elites, two hidden layers of 32, up to 200 epochs, patience 8. */
    public static Builder builder() {
        return new Builder();
    }

    /** Widths of the hidden layers, a copy. */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** The options as a name-to-value map, for a model's metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("members", members);
        out.put("elites", elites);
        out.put("hidden", Arrays.stream(hidden).boxed().toList());
        out.put("activation", "silu");
        out.put("loss", "gaussian_nll");
        out.put("optimizer", "adamw");
        out.put("max_epochs", maxEpochs);
        out.put("patience", patience);
        out.put("batch_size", batchSize);
        out.put("learning_rate", learningRate);
        out.put("weight_decay", weightDecay);
        out.put("holdout_fraction", holdoutFraction);
        out.put("bootstrap", true);
        out.put("seed", seed);
        out.put("min_log_variance", GaussianMlp.MIN_LOG_VARIANCE);
        out.put("max_log_variance", GaussianMlp.MAX_LOG_VARIANCE);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingConfig c && asMap().equals(c.asMap()) && threads == c.threads;
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "TrainingConfig" + asMap();
    }

    /** Options of a {@link TrainingConfig}. */
    public static final class Builder {

        private int members = DEFAULT_MEMBERS;
        private int elites = DEFAULT_ELITES;
        private int[] hidden = {32, 32};
        private int maxEpochs = 200;
        private int patience = 8;
        private int batchSize = 32;
        private double learningRate = 2e-3;
        private double weightDecay = 1e-5;
        private double holdoutFraction = 0.15;
        private long seed = 1;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {
        }

        /** Ensemble size K, ≥ 1. */
        public Builder members(int members) {
            this.members = atLeast("members", members, 1);
            return this;
        }

        /** Elites, 1 … K. */
        public Builder elites(int elites) {
            this.elites = atLeast("elites", elites, 1);
            return this;
        }

        /** Hidden layer widths, at least one, each ≥ 1. */
        public Builder hidden(int... hidden) {
            if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("training option 'hidden' needs at least one width >= 1: "
                        + Arrays.toString(hidden));
            }
            this.hidden = hidden.clone();
            return this;
        }

        /** Upper bound of epochs, ≥ 1. */
        public Builder maxEpochs(int maxEpochs) {
            this.maxEpochs = atLeast("maxEpochs", maxEpochs, 1);
            return this;
        }

        /** Epochs without improvement before stopping, ≥ 1. */
        public Builder patience(int patience) {
            this.patience = atLeast("patience", patience, 1);
            return this;
        }

        /** Minibatch size, ≥ 1. */
        public Builder batchSize(int batchSize) {
            this.batchSize = atLeast("batchSize", batchSize, 1);
            return this;
        }

        /** Adam's step size, finite and &gt; 0. */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("training option 'learningRate' must be finite and > 0: "
                        + learningRate);
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Decoupled weight decay, finite and ≥ 0. */
        public Builder weightDecay(double weightDecay) {
            if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
                throw new IllegalArgumentException("training option 'weightDecay' must be finite and >= 0: "
                        + weightDecay);
            }
            this.weightDecay = weightDecay;
            return this;
        }

        /** Share of the data held out, in (0, 0.5]. */
        public Builder holdoutFraction(double holdoutFraction) {
            if (!(holdoutFraction > 0 && holdoutFraction <= 0.5)) {
                throw new IllegalArgumentException("training option 'holdoutFraction' must lie in (0, 0.5]: "
                        + holdoutFraction);
            }
            this.holdoutFraction = holdoutFraction;
            return this;
        }

        /** The seed of every random choice. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Members trained at once, ≥ 1; the result does not depend on it. */
        public Builder threads(int threads) {
            this.threads = atLeast("threads", threads, 1);
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException when elites exceed members
         */
        public TrainingConfig build() {
            return new TrainingConfig(members, elites, hidden, maxEpochs, patience, batchSize, learningRate,
                    weightDecay, holdoutFraction, seed, threads);
        }

        private static int atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("training option '" + name + "' must be >= " + min + ": " + value);
            }
            return value;
        }
    }
}
