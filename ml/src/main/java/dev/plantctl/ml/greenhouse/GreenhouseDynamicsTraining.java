package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.nn.EnsembleTrainer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainedEnsemble;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.onnx.EnsembleOnnxExporter;
import dev.plantctl.ml.registry.ModelMetadata;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * From data to a served model: trains a greenhouse dynamics ensemble on transitions, scores it on held-out
 * transitions ({@link DynamicsEvaluation}), exports the elites as one ONNX graph and publishes it as the next
 * version of {@value GreenhouseDynamics#MODEL_NAME} in a {@link ModelRegistry}, with metadata that records the
 * data's fingerprint, the hyperparameters, the elites and the evaluation figures.
 */
public final class GreenhouseDynamicsTraining {

    /** The rollout horizon of the evaluation. */
    public static final Duration ROLLOUT_HORIZON = Duration.ofHours(24);

    private final TrainingConfig config;
    private final Clock clock;

    /** Training with the given hyperparameters, stamping models with the clock's time. */
    public GreenhouseDynamicsTraining(TrainingConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one training produced.
     *
     * @param trained   the trained members and elites
     * @param report    the evaluation on held-out data
     * @param metadata  the published model's metadata
     * @param directory the published version directory
     */
    public record Result(TrainedEnsemble trained, DynamicsReport report, ModelMetadata metadata, Path directory) {
    }

    /**
     * Trains, evaluates and publishes.
     *
     * @param data     training transitions (greenhouse schema)
     * @param heldOut  transitions for the evaluation, from weather not trained on
     * @param registry where the model is published
     * @param signer   the private key that signs it
     * @param progress hears every epoch
     * @throws IOException          when publishing fails
     * @throws InterruptedException when interrupted while training
     */
    public Result run(TransitionSet data, TransitionSet heldOut, ModelRegistry registry, SigningKey signer,
                      TrainingProgress progress) throws IOException, InterruptedException {
        if (!data.schema().equals(GreenhouseDynamics.SCHEMA)) {
            throw new IllegalArgumentException("training data are not greenhouse transitions: " + data.schema());
        }
        TrainedEnsemble trained = new EnsembleTrainer(config).train(data.inputs(), data.changes(), progress);
        DynamicsReport report = DynamicsEvaluation.evaluate(trained, heldOut, ROLLOUT_HORIZON);
        long version = registry.nextVersion(GreenhouseDynamics.MODEL_NAME);
        ProbabilisticEnsemble elites = trained.elites();
        String fingerprint = data.fingerprint();
        byte[] model = EnsembleOnnxExporter.export(elites, GreenhouseDynamics.MODEL_NAME, version,
                Map.of("plantctl.model", GreenhouseDynamics.MODEL_NAME + "/" + version,
                        "plantctl.training_data", fingerprint));
        Map<String, Object> hyper = new LinkedHashMap<>(config.asMap());
        hyper.put("elite_indices", Arrays.stream(trained.eliteIndices()).boxed().toList());
        hyper.put("epochs", Arrays.stream(trained.epochs()).boxed().toList());
        hyper.put("holdout_mse", Arrays.stream(trained.holdoutError()).boxed().toList());
        ModelMetadata metadata = new ModelMetadata(GreenhouseDynamics.MODEL_NAME, version, clock.instant(),
                ModelRegistry.MODEL_FILE, ModelRegistry.sha256(model), GreenhouseDynamics.STEP,
                GreenhouseDynamics.SCHEMA.inputNames(), GreenhouseDynamics.SCHEMA.outputNames(), elites.size(),
                elites.inputNormalizer(), elites.outputNormalizer(), fingerprint, data.size(), data.source(),
                hyper, evaluation(report));
        Path dir = registry.publish(metadata, model, signer);
        return new Result(trained, report, metadata, dir);
    }

    private static Map<String, Object> evaluation(DynamicsReport r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("held_out_fingerprint", r.heldOutFingerprint());
        e.put("held_out_transitions", r.heldOutTransitions());
        e.put("states", GreenhouseDynamics.STATE);
        e.put("r2_next_state", list(r.ensemble().r2Next()));
        e.put("r2_state_change", list(r.ensemble().r2Change()));
        e.put("inside_2_sigma", list(r.inside2Sigma()));
        if (r.rollouts() > 0) {
            e.put("rollout_hours", r.rolloutHours());
            e.put("rollout_rmse_units", DynamicsReport.COLUMNS);
            e.put("rollout_rmse", list(r.ensemble().rolloutRmse()));
        }
        return e;
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
