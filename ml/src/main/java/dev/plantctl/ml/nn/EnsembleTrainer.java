package dev.plantctl.ml.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Trains a probabilistic ensemble on the JVM, the recipe of PETS and MBPO (Chua et al. 2018; Janner et al. 2019):
 * <ol>
 *   <li>a random {@code holdoutFraction} of the rows is held out; input and target normalisers are fitted on
 *       the rest;</li>
 *   <li>each of the K members gets its own bootstrap sample of the training rows (drawn with replacement, as
 *       many as there are rows), its own initialisation and its own minibatch order;</li>
 *   <li>each member minimises the Gaussian negative log-likelihood with AdamW; after every epoch its held-out
 *       mean squared error is measured, the best parameters so far are kept, and training stops when the error
 *       has not improved by 1 % for {@code patience} epochs (or after {@code maxEpochs});</li>
 *   <li>the {@code elites} members with the lowest held-out error are the elites.</li>
 * </ol>
 * Deterministic for a seed: every random stream is split from the seed before any thread starts, so the result
 * does not depend on {@code threads} or on scheduling.
 */
public final class EnsembleTrainer {

    private static final double IMPROVEMENT = 0.01;

    private final TrainingConfig config;

    /** A trainer with the given hyperparameters. */
    public EnsembleTrainer(TrainingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Trains on rows of raw inputs and targets.
     *
     * @param inputs   N input rows of equal length
     * @param targets  N target rows of equal length
     * @param progress hears every epoch of every member
     * @return the trained members and their elites
     * @throws IllegalArgumentException when the rows are too few (fewer than 10) or do not match
     * @throws InterruptedException     when interrupted while members train
     */
    public TrainedEnsemble train(double[][] inputs, double[][] targets, TrainingProgress progress)
            throws InterruptedException {
        Objects.requireNonNull(progress, "progress");
        if (inputs.length != targets.length || inputs.length < 10) {
            throw new IllegalArgumentException("need at least 10 rows with one target each, got " + inputs.length
                    + " inputs and " + targets.length + " targets");
        }
        SplittableRandom root = new SplittableRandom(config.seed());
        int n = inputs.length;
        int[] order = IntStream.range(0, n).toArray();
        shuffle(order, root.split());
        int holdout = Math.max(1, (int) Math.round(n * config.holdoutFraction()));
        int[] holdoutRows = Arrays.copyOfRange(order, 0, holdout);
        int[] trainRows = Arrays.copyOfRange(order, holdout, n);

        Normalizer inNorm = Normalizer.fit(select(inputs, trainRows));
        Normalizer outNorm = Normalizer.fit(select(targets, trainRows));
        double[][] x = inNorm.normalize(inputs);
        double[][] y = outNorm.normalize(targets);

        int k = config.members();
        List<SplittableRandom> streams = new ArrayList<>();
        for (int m = 0; m < k; m++) {
            streams.add(root.split());
        }
        MemberResult[] results = new MemberResult[k];
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.threads(), k), r -> {
            Thread t = new Thread(r, "ensemble-trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<MemberResult>> futures = new ArrayList<>();
            for (int m = 0; m < k; m++) {
                int member = m;
                futures.add(pool.submit(() -> trainMember(member, x, y, trainRows, holdoutRows, streams.get(member),
                        progress)));
            }
            for (int m = 0; m < k; m++) {
                results[m] = futures.get(m).get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("training a member failed", cause);
        } finally {
            pool.shutdownNow();
        }

        List<GaussianMlp> members = new ArrayList<>();
        double[] errors = new double[k];
        int[] epochs = new int[k];
        for (int m = 0; m < k; m++) {
            members.add(results[m].network);
            errors[m] = results[m].holdoutError;
            epochs[m] = results[m].epochs;
        }
        int[] elites = IntStream.range(0, k).boxed()
                .sorted(Comparator.comparingDouble((Integer m) -> errors[m]).thenComparingInt(m -> m))
                .limit(config.elites()).mapToInt(Integer::intValue).toArray();
        return new TrainedEnsemble(new ProbabilisticEnsemble(inNorm, outNorm, members), elites, errors, epochs,
                config, trainRows.length, holdoutRows.length);
    }

    private MemberResult trainMember(int member, double[][] x, double[][] y, int[] trainRows, int[] holdoutRows,
                                     SplittableRandom rng, TrainingProgress progress) {
        GaussianMlp net = GaussianMlp.initialized(x[0].length, config.hidden(), y[0].length, rng);
        double[] params = net.parametersInPlace();
        Adam adam = new Adam(params.length, config.learningRate(), config.weightDecay(), net.weightMask());
        GaussianMlp.Workspace ws = net.newWorkspace();
        double[] grad = new double[params.length];
        int[] sample = new int[trainRows.length];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = trainRows[rng.nextInt(trainRows.length)];
        }
        double best = net.meanSquaredError(x, y, holdoutRows, 0, holdoutRows.length, ws);
        double[] bestParams = params.clone();
        double reference = best;
        int stale = 0;
        int epoch = 0;
        boolean done = false;
        while (!done) {
            epoch++;
            shuffle(sample, rng);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < sample.length; from += config.batchSize()) {
                int to = Math.min(sample.length, from + config.batchSize());
                lossSum += net.lossAndGradient(x, y, sample, from, to, grad, ws);
                adam.step(params, grad);
                batches++;
            }
            double error = net.meanSquaredError(x, y, holdoutRows, 0, holdoutRows.length, ws);
            if (!Double.isFinite(error)) {
                throw new IllegalStateException("member " + member + " diverged in epoch " + epoch
                        + " (held-out error " + error + "); lower the learning rate");
            }
            if (error < best) {
                best = error;
                System.arraycopy(params, 0, bestParams, 0, params.length);
            }
            if (error < reference * (1 - IMPROVEMENT)) {
                reference = error;
                stale = 0;
            } else {
                stale++;
            }
            done = stale >= config.patience() || epoch >= config.maxEpochs();
            progress.epoch(member, epoch, config.maxEpochs(), lossSum / batches, error, done);
        }
        return new MemberResult(net.withParameters(bestParams), best, epoch);
    }

    private static double[][] select(double[][] rows, int[] indices) {
        double[][] out = new double[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private record MemberResult(GaussianMlp network, double holdoutError, int epochs) {
    }
}
