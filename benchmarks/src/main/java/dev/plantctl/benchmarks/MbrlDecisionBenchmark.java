package dev.plantctl.benchmarks;

import ai.onnxruntime.OrtException;
import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.MbrlGreenhouseController;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.core.Decision;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One greenhouse decision of the shipped robust MBRL bundle (a planning controller) through ONNX Runtime (one
 * intra-op thread each), against its dynamics ensemble alone, in the same run: {@code ensembleAlone} is the
 * ensemble's run on the two rows the uncertainty gate asks for (chosen and rule-based action);
 * {@code planningStep} is one step of the planner's rollouts (40 sequences × each member, one ONNX run);
 * {@code fullDecision} is {@link MbrlGreenhouseController#decide}: 3 rounds × 8 such steps, the gate, the
 * attribution (8 more), the rule-based controller, the shield and the explanation; {@code policyDecision} is the
 * decision of the shipped model-free policy network (one ONNX run on 23 rows), for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MbrlDecisionBenchmark {

    private MbrlGreenhouseController controller;
    private MbrlGreenhouseController policyController;
    private OnnxEnsemble ensemble;
    private Observation observation;
    private double[][] ensembleRows;
    private double[][] planningRows;
    private final Controls previous = new Controls(0.2, 1, 60);

    /** Opens the shipped bundle. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        MbrlBundle bundle = MbrlBundle.shipped();
        GreenhouseSafetyShield shield = new GreenhouseSafetyShield(ComfortBand.benchmark());
        Duration period = Duration.ofMinutes(15);
        RuleBasedGrowerController rules = new RuleBasedGrowerController(period, ComfortBand.benchmark(), shield);
        controller = new MbrlGreenhouseController(bundle, rules, shield, period);
        policyController = new MbrlGreenhouseController(
                MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + "model-free/"), rules, shield, period);
        ensemble = OnnxEnsemble.load(bundle.dynamicsOnnx(), 1);
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(new ClimateState(0.01, 0.0008, 16, 0.008), new Weather(250, 7.2e-4, 6, 0.005))
                .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
        observation = new Observation(GreenhouseSignals.PLANT, "c1", Instant.parse("2024-02-03T12:00:00Z"), values);
        double[] x = GreenhouseDynamics.input(observation, previous).orElseThrow();
        ensembleRows = new double[][] {x, x.clone()};
        planningRows = new double[40 * ensemble.members()][];
        Arrays.setAll(planningRows, i -> x.clone());
    }

    /** Closes the sessions. */
    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        controller.close();
        policyController.close();
        ensemble.close();
    }

    /** The dynamics ensemble alone on two rows. */
    @Benchmark
    public EnsemblePrediction ensembleAlone() throws OrtException {
        return ensemble.predict(ensembleRows);
    }

    /** One step of the planner's rollouts: 40 sequences, each member on its own rows. */
    @Benchmark
    public EnsemblePrediction planningStep() throws OrtException {
        return ensemble.predict(planningRows);
    }

    /** A whole planned decision with its explanation. */
    @Benchmark
    public Decision fullDecision() {
        return controller.decide(observation, previous);
    }

    /** A whole decision of the model-free policy network with its explanation. */
    @Benchmark
    public Decision policyDecision() {
        return policyController.decide(observation, previous);
    }
}
