package dev.plantctl.ml.nn;

import java.util.Arrays;
import java.util.Objects;

/**
 * The result of {@link EnsembleTrainer}: all K members, which of them are the elites, and how each fared.
 *
 * @param all           all K members with the shared normalisers
 * @param eliteIndices  indices into {@code all} of the elites, best first
 * @param holdoutError  each member's best held-out mean squared error (normalised units)
 * @param epochs        epochs each member trained before it stopped
 * @param config        the hyperparameters
 * @param trainingRows  rows trained on (before bootstrap), the rest of the data being held out
 * @param holdoutRows   rows held out
 */
public record TrainedEnsemble(ProbabilisticEnsemble all, int[] eliteIndices, double[] holdoutError, int[] epochs,
                              TrainingConfig config, int trainingRows, int holdoutRows) {

    /** Copies the arrays. */
    public TrainedEnsemble {
        Objects.requireNonNull(all, "all");
        Objects.requireNonNull(config, "config");
        eliteIndices = eliteIndices.clone();
        holdoutError = holdoutError.clone();
        epochs = epochs.clone();
    }

    /** The elites alone: the ensemble that is exported and served. */
    public ProbabilisticEnsemble elites() {
        return all.subset(eliteIndices);
    }

    /** Whether member k is an elite. */
    public boolean isElite(int k) {
        return Arrays.stream(eliteIndices).anyMatch(e -> e == k);
    }

    @Override
    public int[] eliteIndices() {
        return eliteIndices.clone();
    }

    @Override
    public double[] holdoutError() {
        return holdoutError.clone();
    }

    @Override
    public int[] epochs() {
        return epochs.clone();
    }
}
