package dev.plantctl.ml.rl;

import dev.plantctl.ml.nn.GaussianMlp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SoftActorCriticTest {

    @Test
    void backwardGivesTheInputGradientOfAnyOutputLoss() {
        GaussianMlp net = GaussianMlp.initialized(4, new int[] {8, 8}, 2, new SplittableRandom(3));
        GaussianMlp.Workspace ws = net.newWorkspace();
        double[] x = {0.3, -1.2, 0.7, 0.1};
        double[] dMean = {0.4, -1.0};
        double[] dLogVar = {0.2, 0.5};
        double[] dInput = new double[4];
        net.backward(x, dMean, dLogVar, null, dInput, ws);
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            double[] up = x.clone();
            up[i] += h;
            double[] down = x.clone();
            down[i] -= h;
            double numeric = (loss(net, up, dMean, dLogVar, ws) - loss(net, down, dMean, dLogVar, ws)) / (2 * h);
            assertThat(dInput[i]).as("input %d", i).isCloseTo(numeric, within(1e-6));
        }
    }

    private static double loss(GaussianMlp net, double[] x, double[] dMean, double[] dLogVar, GaussianMlp.Workspace ws) {
        double[] mean = new double[2];
        double[] logVar = new double[2];
        net.forward(x, mean, logVar, ws);
        return dMean[0] * mean[0] + dMean[1] * mean[1] + dLogVar[0] * logVar[0] + dLogVar[1] * logVar[1];
    }

    @Test
    void learnsTheBestActionOfAContextualBandit() {
        // Reward -(a - target)^2 with target = 0.5 * observation: the mean action must follow the observation.
        SacConfig config = new SacConfig(new int[] {16, 16}, 3e-3, 0.5, 0.05, 64, 0.01, 5);
        SoftActorCritic sac = new SoftActorCritic(1, 1, config);
        SplittableRandom rng = new SplittableRandom(9);
        double[][] obs = new double[64][];
        double[][] act = new double[64][];
        double[] reward = new double[64];
        for (int u = 0; u < 1500; u++) {
            for (int i = 0; i < 64; i++) {
                obs[i] = new double[] {rng.nextDouble(-1, 1)};
                act[i] = new double[] {rng.nextDouble(-1, 1)};
                double err = act[i][0] - 0.5 * obs[i][0];
                reward[i] = -err * err;
            }
            sac.update(obs, act, reward, obs);
        }
        assertThat(sac.meanAction(new double[] {0.8})[0]).isCloseTo(0.4, within(0.15));
        assertThat(sac.meanAction(new double[] {-0.8})[0]).isCloseTo(-0.4, within(0.15));
    }

    @Test
    void everyActionLiesInsideTheOpenUnitBox() {
        SoftActorCritic sac = new SoftActorCritic(3, 3, SacConfig.defaults(1));
        for (int i = 0; i < 200; i++) {
            double[] obs = {100 * Math.sin(i), -50 * Math.cos(i), i};
            for (double a : sac.sample(obs)) {
                assertThat(a).isBetween(-1.0, 1.0);
            }
            for (double a : sac.meanAction(obs)) {
                assertThat(a).isBetween(-1.0, 1.0);
            }
        }
    }

    @Test
    void startingAtZeroActionGivesMeanZeroEverywhereButStillExploresAndLearns() {
        SacConfig config = new SacConfig(new int[] {16, 16}, 3e-3, 0.5, 0.05, 64, 0.01, 5);
        SoftActorCritic sac = new SoftActorCritic(2, 2, config);
        sac.startAtZeroAction();
        SplittableRandom rng = new SplittableRandom(4);
        double spread = 0;
        for (int n = 0; n < 50; n++) {
            double[] x = {rng.nextDouble(-3, 3), rng.nextDouble(-3, 3)};
            assertThat(sac.meanAction(x)).containsExactly(0.0, 0.0);
            spread += Math.abs(sac.sample(x)[0]);
        }
        assertThat(spread / 50).as("exploration around the zero action").isGreaterThan(0.1);
        double[][] obs = new double[64][];
        double[][] act = new double[64][];
        double[] reward = new double[64];
        for (int u = 0; u < 300; u++) {
            for (int i = 0; i < 64; i++) {
                obs[i] = new double[] {rng.nextDouble(-1, 1), 0};
                act[i] = new double[] {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
                reward[i] = -(act[i][0] - 0.6) * (act[i][0] - 0.6);
            }
            sac.update(obs, act, reward, obs);
        }
        assertThat(sac.meanAction(new double[] {0, 0})[0]).as("moves off zero where the reward says so")
                .isGreaterThan(0.2);
    }

    @Test
    void criticOnlyUpdatesLeaveTheActorAsItIs() {
        SacConfig config = new SacConfig(new int[] {16, 16}, 3e-3, 0.5, 0.05, 64, 0.01, 5);
        SoftActorCritic sac = new SoftActorCritic(1, 1, config);
        double before = sac.meanAction(new double[] {0.3})[0];
        double alpha = sac.alpha();
        SplittableRandom rng = new SplittableRandom(2);
        double[][] obs = new double[64][];
        double[][] act = new double[64][];
        double[] reward = new double[64];
        double firstError = 0;
        double lastError = 0;
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < 64; i++) {
                obs[i] = new double[] {rng.nextDouble(-1, 1)};
                act[i] = new double[] {rng.nextDouble(-1, 1)};
                reward[i] = act[i][0];
            }
            double error = sac.update(obs, act, reward, obs, false);
            firstError = u == 0 ? error : firstError;
            lastError = error;
        }
        assertThat(sac.meanAction(new double[] {0.3})[0]).isEqualTo(before);
        assertThat(sac.alpha()).isEqualTo(alpha);
        assertThat(sac.updates()).isEqualTo(200);
        assertThat(lastError).as("the critics learn").isLessThan(firstError);
    }
}
