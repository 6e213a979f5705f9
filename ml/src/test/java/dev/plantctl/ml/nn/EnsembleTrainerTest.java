package dev.plantctl.ml.nn;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EnsembleTrainerTest {

    /** y = sin(x0) + 0.5·x1² + noise(sd 0.1·(1 + |x0|)): a smooth mean and a heteroscedastic noise to learn. */
    private static double[][][] data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][2];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextDouble(-2, 2);
            x[i][1] = rng.nextDouble(-2, 2);
            y[i][0] = Math.sin(x[i][0]) + 0.5 * x[i][1] * x[i][1] + 0.1 * (1 + Math.abs(x[i][0])) * rng.nextGaussian();
        }
        return new double[][][] {x, y};
    }

    private static TrainingConfig config(int threads) {
        return TrainingConfig.builder().members(4).elites(3).hidden(16, 16).maxEpochs(60).patience(8)
                .batchSize(32).learningRate(3e-3).seed(11).threads(threads).build();
    }

    @Test
    void learnsMeanAndNoiseAndPicksTheBestMembersAsElites() throws InterruptedException {
        double[][][] train = data(1500, 1);
        List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
        TrainedEnsemble trained = new EnsembleTrainer(config(2)).train(train[0], train[1],
                (member, epoch, max, loss, error, done) -> {
                    if (done) {
                        finished.add(member);
                    }
                });
        assertThat(finished).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(trained.eliteIndices()).hasSize(3);
        double worstElite = 0;
        for (int e : trained.eliteIndices()) {
            worstElite = Math.max(worstElite, trained.holdoutError()[e]);
        }
        for (int m = 0; m < 4; m++) {
            if (!trained.isElite(m)) {
                assertThat(trained.holdoutError()[m]).isGreaterThanOrEqualTo(worstElite);
            }
        }

        double[][][] test = data(500, 2);
        EnsemblePrediction p = trained.elites().predict(test[0]);
        double sse = 0;
        double inside = 0;
        for (int n = 0; n < 500; n++) {
            double truth = Math.sin(test[0][n][0]) + 0.5 * test[0][n][1] * test[0][n][1];
            sse += Math.pow(p.ensembleMean(n, 0) - truth, 2);
            if (Math.abs(test[1][n][0] - p.ensembleMean(n, 0)) <= 2 * Math.sqrt(p.ensembleVariance(n, 0))) {
                inside++;
            }
        }
        assertThat(Math.sqrt(sse / 500)).as("RMSE of the mean against the noise-free function").isLessThan(0.08);
        assertThat(inside / 500).as("share of noisy targets inside +-2 sigma").isBetween(0.9, 0.99);
        double quiet = p.ensembleVariance(indexNear(test[0], 0.0), 0);
        double loud = p.ensembleVariance(indexNear(test[0], 1.9), 0);
        assertThat(loud).as("noise grows with |x0|").isGreaterThan(2 * quiet);
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() throws InterruptedException {
        double[][][] train = data(300, 4);
        TrainingConfig one = TrainingConfig.builder().members(3).elites(2).hidden(8).maxEpochs(5).seed(3).threads(1)
                .build();
        TrainingConfig two = TrainingConfig.builder().members(3).elites(2).hidden(8).maxEpochs(5).seed(3).threads(2)
                .build();
        TrainedEnsemble a = new EnsembleTrainer(one).train(train[0], train[1], TrainingProgress.NONE);
        TrainedEnsemble b = new EnsembleTrainer(two).train(train[0], train[1], TrainingProgress.NONE);
        for (int m = 0; m < 3; m++) {
            assertThat(a.all().members().get(m).parameters()).containsExactly(b.all().members().get(m).parameters());
        }
        assertThat(a.eliteIndices()).containsExactly(b.eliteIndices());
    }

    @Test
    void ensembleVarianceAddsTheMembersDisagreement() {
        EnsemblePrediction p = new EnsemblePrediction(2, 1, 1, new double[] {1, 3}, new double[] {0.5, 1.5});
        assertThat(p.ensembleMean(0, 0)).isEqualTo(2);
        assertThat(p.disagreement(0, 0)).isEqualTo(1);
        assertThat(p.ensembleVariance(0, 0)).isCloseTo(2, within(1e-12));
    }

    @Test
    void refusesMoreElitesThanMembers() {
        assertThatThrownBy(() -> TrainingConfig.builder().members(3).elites(4).build())
                .hasMessageContaining("'elites' (4) must not exceed 'members' (3)");
    }

    private static int indexNear(double[][] x, double x0) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(Math.abs(x[i][0]) - x0) < Math.abs(Math.abs(x[best][0]) - x0)) {
                best = i;
            }
        }
        return best;
    }
}
