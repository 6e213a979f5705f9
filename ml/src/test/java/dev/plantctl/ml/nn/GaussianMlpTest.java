package dev.plantctl.ml.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GaussianMlpTest {

    private static final int[] HIDDEN = {5, 4};

    @Test
    void backpropagationMatchesCentralFiniteDifferencesForEveryParameter() {
        SplittableRandom rng = new SplittableRandom(3);
        GaussianMlp net = GaussianMlp.initialized(3, HIDDEN, 2, rng);
        double[][] x = randomRows(rng, 6, 3);
        double[][] y = randomRows(rng, 6, 2);
        int[] order = IntStream.range(0, 6).toArray();
        double[] grad = new double[net.parameterCount()];
        GaussianMlp.Workspace ws = net.newWorkspace();
        net.lossAndGradient(x, y, order, 0, 6, grad, ws);

        double[] p = net.parameters();
        double h = 1e-6;
        for (int i = 0; i < p.length; i++) {
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (net.withParameters(plus).lossAndGradient(x, y, order, 0, 6, null, ws)
                    - net.withParameters(minus).lossAndGradient(x, y, order, 0, 6, null, ws)) / (2 * h);
            assertThat(grad[i]).as("d loss / d parameter %d", i)
                    .isCloseTo(numeric, org.assertj.core.api.Assertions.within(1e-7 + 1e-5 * Math.abs(numeric)));
        }
    }

    @Test
    void gradientIsRightWhereTheLogVarianceBoundsBite() {
        SplittableRandom rng = new SplittableRandom(5);
        GaussianMlp net = GaussianMlp.initialized(2, new int[] {3}, 1, rng);
        double[] p = net.parameters();
        GaussianMlp.Dense head = net.layer(2);
        int biasIndex = p.length - 1;
        assertThat(head.bias()).hasSize(1);
        for (double bias : new double[] {-14, 3}) {
            p[biasIndex] = bias;
            GaussianMlp shifted = net.withParameters(p);
            double[][] x = {{0.3, -0.2}, {1.0, 0.5}};
            double[][] y = {{0.7}, {-0.4}};
            int[] order = {0, 1};
            double[] grad = new double[p.length];
            GaussianMlp.Workspace ws = shifted.newWorkspace();
            shifted.lossAndGradient(x, y, order, 0, 2, grad, ws);
            double[] plus = p.clone();
            double[] minus = p.clone();
            plus[biasIndex] += 1e-6;
            minus[biasIndex] -= 1e-6;
            double numeric = (net.withParameters(plus).lossAndGradient(x, y, order, 0, 2, null, ws)
                    - net.withParameters(minus).lossAndGradient(x, y, order, 0, 2, null, ws)) / 2e-6;
            assertThat(grad[biasIndex]).isCloseTo(numeric, org.assertj.core.api.Assertions.within(1e-7 + 1e-6 * Math.abs(numeric)));

            double[] mean = new double[1];
            double[] logVar = new double[1];
            shifted.forward(x[0], mean, logVar, ws);
            assertThat(logVar[0]).isBetween(GaussianMlp.MIN_LOG_VARIANCE, GaussianMlp.MAX_LOG_VARIANCE);
        }
    }

    @Test
    void refusesParametersOfTheWrongCountOrNotFinite() {
        assertThatThrownBy(() -> new GaussianMlp(3, HIDDEN, 2, new double[4]))
                .hasMessageContaining("has " + GaussianMlp.count(3, HIDDEN, 2) + " parameters, got 4");
        double[] p = new double[GaussianMlp.count(3, HIDDEN, 2)];
        p[7] = Double.NaN;
        assertThatThrownBy(() -> new GaussianMlp(3, HIDDEN, 2, p)).hasMessageContaining("parameter 7 is not finite");
    }

    @Test
    void layersExposeTheParametersInOrder() {
        GaussianMlp net = GaussianMlp.initialized(3, HIDDEN, 2, new SplittableRandom(1));
        int total = 0;
        for (int l = 0; l < net.layerCount(); l++) {
            GaussianMlp.Dense d = net.layer(l);
            assertThat(d.weights()).hasSize(d.in() * d.out());
            assertThat(d.bias()).hasSize(d.out());
            total += d.weights().length + d.bias().length;
        }
        assertThat(total).isEqualTo(net.parameterCount());
        assertThat(net.layer(2).in()).isEqualTo(4);
        assertThat(net.layer(3).out()).isEqualTo(2);
    }

    static double[][] randomRows(SplittableRandom rng, int n, int d) {
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        return rows;
    }
}
