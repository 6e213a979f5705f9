package dev.plantctl.ml.onnx;

import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.EnsembleTrainer;
import dev.plantctl.ml.nn.Normalizer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainedEnsemble;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxEnsembleTest {

    private static ProbabilisticEnsemble ensemble;

    /** A small ensemble trained on a smooth function of 10 inputs with 4 outputs of very different scales. */
    @BeforeAll
    static void train() throws InterruptedException {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 600;
        double[][] x = new double[n][10];
        double[][] y = new double[n][4];
        double[] scale = {1e-6, 1e-4, 1, 1e-4};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 10; j++) {
                x[i][j] = rng.nextGaussian() * (j + 1) * 0.1 + j;
            }
            for (int j = 0; j < 4; j++) {
                y[i][j] = scale[j] * (Math.tanh(x[i][j] - j) + 0.3 * x[i][j + 4] + 0.05 * rng.nextGaussian());
            }
        }
        TrainedEnsemble trained = new EnsembleTrainer(TrainingConfig.builder().members(7).elites(5).hidden(32, 32)
                .maxEpochs(15).seed(3).build()).train(x, y, TrainingProgress.NONE);
        ensemble = trained.elites();
    }

    @Test
    void onnxRuntimeEqualsTheJvmForwardPassOnTenThousandRandomInputs() throws Exception {
        byte[] model = EnsembleOnnxExporter.export(ensemble, "test", 1, Map.of("k", "v"));
        Normalizer in = ensemble.inputNormalizer();
        Normalizer out = ensemble.outputNormalizer();
        SplittableRandom rng = new SplittableRandom(11);
        double[][] inputs = new double[10_000][in.size()];
        for (double[] row : inputs) {
            for (int j = 0; j < row.length; j++) {
                row[j] = in.mean(j) + in.std(j) * rng.nextDouble(-3, 3);
            }
        }
        double worstMean = 0;
        double worstLogVariance = 0;
        try (OnnxEnsemble onnx = OnnxEnsemble.load(model, 1)) {
            assertThat(onnx.members()).isEqualTo(5);
            assertThat(onnx.inputs()).isEqualTo(10);
            assertThat(onnx.outputs()).isEqualTo(4);
            EnsemblePrediction ort = onnx.predict(inputs);
            EnsemblePrediction jvm = ensemble.predict(inputs);
            for (int k = 0; k < 5; k++) {
                for (int n = 0; n < inputs.length; n++) {
                    for (int j = 0; j < 4; j++) {
                        worstMean = Math.max(worstMean, Math.abs(ort.mean(k, n, j) - jvm.mean(k, n, j)) / out.std(j));
                        worstLogVariance = Math.max(worstLogVariance,
                                Math.abs(Math.log(ort.variance(k, n, j)) - Math.log(jvm.variance(k, n, j))));
                    }
                }
            }
        }
        System.out.printf("ORT vs JVM on 10000 inputs x 5 members x 4 outputs: max |mean diff|/sigma_y = %.3g,"
                + " max |log variance diff| = %.3g%n", worstMean, worstLogVariance);
        assertThat(worstMean).as("largest mean difference in units of the output's std").isLessThanOrEqualTo(1e-5);
        assertThat(worstLogVariance).as("largest log-variance difference").isLessThanOrEqualTo(1e-5);
    }

    @Test
    void batchOfOneEqualsTheSameRowInABigBatch() throws Exception {
        byte[] model = EnsembleOnnxExporter.export(ensemble, "test", 1, Map.of());
        double[][] rows = {ensemble.inputNormalizer().mean(), ensemble.inputNormalizer().std()};
        try (OnnxEnsemble onnx = OnnxEnsemble.load(model, 1)) {
            EnsemblePrediction both = onnx.predict(rows);
            EnsemblePrediction second = onnx.predict(new double[][] {rows[1]});
            for (int k = 0; k < 5; k++) {
                for (int j = 0; j < 4; j++) {
                    assertThat(second.mean(k, 0, j)).as("float32 kernels may differ with the batch size in the last bit")
                            .isCloseTo(both.mean(k, 1, j), org.assertj.core.api.Assertions.within(
                                    1e-5 * ensemble.outputNormalizer().std(j)));
                }
            }
        }
    }

    @Test
    void exportIsDeterministic() {
        assertThat(EnsembleOnnxExporter.export(ensemble, "g", 3, Map.of("a", "1", "b", "2")))
                .isEqualTo(EnsembleOnnxExporter.export(ensemble, "g", 3, Map.of("b", "2", "a", "1")));
    }

    @Test
    void refusesRowsOfTheWrongWidth() throws Exception {
        try (OnnxEnsemble onnx = OnnxEnsemble.load(EnsembleOnnxExporter.export(ensemble, "t", 1, Map.of()), 1)) {
            assertThatThrownBy(() -> onnx.predict(new double[][] {{1, 2}}))
                    .hasMessageContaining("row 0 has 2 features, the model takes 10");
        }
    }
}
