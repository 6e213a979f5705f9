package dev.plantctl.ml.nn;

/**
 * Hears how training goes. Called from the threads that train members, possibly at once: implementations must
 * be thread-safe.
 */
@FunctionalInterface
public interface TrainingProgress {

    /** Hears nothing. */
    TrainingProgress NONE = (member, epoch, maxEpochs, trainLoss, holdoutError, done) -> { };

    /**
     * One epoch of one member is over.
     *
     * @param member       the member, from 0
     * @param epoch        the epoch just finished, from 1
     * @param maxEpochs    the configured upper bound
     * @param trainLoss    the mean training loss of the epoch (Gaussian negative log-likelihood)
     * @param holdoutError the held-out mean squared error, in normalised units
     * @param done         true when this member stops training after this epoch (early stop or last epoch)
     */
    void epoch(int member, int epoch, int maxEpochs, double trainLoss, double holdoutError, boolean done);
}
