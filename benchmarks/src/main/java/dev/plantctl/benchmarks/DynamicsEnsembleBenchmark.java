package dev.plantctl.benchmarks;

import ai.onnxruntime.OrtException;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.greenhouse.GreenhouseCollector;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.EnsembleTrainer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.onnx.EnsembleOnnxExporter;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.models.greenhouse.Controls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Inference of the greenhouse dynamics ensemble for a batch of plants: the elites (5 of 7 members, two hidden
 * layers of 32, the {@code plantctl train} defaults) as one ONNX graph in ONNX Runtime (one intra-op thread, as
 * inside a stream task), beside the JVM forward pass of the very same networks, in the same run. One call
 * predicts every member's mean and variance for every plant; the time per plant is the score divided by
 * {@code plants}. The weights come from a short seeded training at set-up: inference cost does not depend on how
 * well they are trained.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DynamicsEnsembleBenchmark {

    /** Plants predicted in one call. */
    @Param({"1", "32", "1024"})
    public int plants;

    private ProbabilisticEnsemble jvm;
    private OnnxEnsemble onnx;
    private double[][] rows;
    private float[] features;

    /** Trains a small ensemble, exports its elites and opens them in ONNX Runtime. */
    @Setup(Level.Trial)
    public void setUp() throws InterruptedException, OrtException {
        TransitionSet data = GreenhouseCollector.builder().duration(Duration.ofDays(2)).compartments(2).seed(1)
                .behaviour((t, s, w, previous) -> new Controls(0.3, 1, 50), "constant").noise(0.5).build().collect();
        TrainingConfig config = TrainingConfig.builder().members(7).elites(5).hidden(32, 32).maxEpochs(3).seed(1)
                .build();
        jvm = new EnsembleTrainer(config).train(data.inputs(), data.changes(), TrainingProgress.NONE).elites();
        onnx = OnnxEnsemble.load(EnsembleOnnxExporter.export(jvm, "benchmark", 1, Map.of()), 1);
        double[][] all = data.inputs();
        rows = new double[plants][];
        features = new float[plants * jvm.inputs()];
        for (int p = 0; p < plants; p++) {
            rows[p] = all[p % all.length];
            for (int j = 0; j < jvm.inputs(); j++) {
                features[p * jvm.inputs() + j] = (float) rows[p][j];
            }
        }
    }

    /** Closes the ONNX Runtime session. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        onnx.close();
    }

    /** The ensemble through ONNX Runtime: one session run for all plants. */
    @Benchmark
    public EnsemblePrediction onnxRuntime() throws OrtException {
        return onnx.predict(features, plants);
    }

    /** The same networks' JVM forward pass (double precision), plant after plant. */
    @Benchmark
    public EnsemblePrediction jvmForwardPass() {
        return jvm.predict(rows);
    }
}
