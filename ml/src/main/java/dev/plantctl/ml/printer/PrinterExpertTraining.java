package dev.plantctl.ml.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.ml.nn.EnsembleTrainer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainedEnsemble;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.onnx.EnsembleOnnxExporter;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.ml.registry.ModelMetadata;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.PrintJob;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.ProcessEstimate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * From simulated layers to a served process expert: generates training and held-out windows with
 * {@link ExpertDataGenerator} (held-out episodes from another seed), trains a probabilistic ensemble on the JVM,
 * exports its elites as one ONNX graph, scores the served graph on the held-out windows ({@link ExpertScores}) and
 * publishes it as the next version of {@value PrinterExpert#MODEL_NAME} with metadata (data fingerprint,
 * hyperparameters, held-out figures). Deterministic for a seed up to the creation time in the metadata.
 */
public final class PrinterExpertTraining {

    /** The job every window is relative to: the standard PLA job. */
    public static final PrintContext CONTEXT = PrintContext.of(PrintJob.standard("standard", Material.PLA, 1));
    /** Training episodes of the shipped expert. */
    public static final int DEFAULT_EPISODES = 600;
    /** Held-out episodes of the shipped expert's evaluation. */
    public static final int DEFAULT_HELD_OUT_EPISODES = 200;
    /** Seed offset of the held-out episodes. */
    public static final long HELD_OUT_SEED_OFFSET = 1000;

    private final TrainingConfig config;
    private final Clock clock;

    /** Training with the given hyperparameters, stamping models with the clock's time. */
    public PrinterExpertTraining(TrainingConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The default hyperparameters: 5 members, all elites, two hidden layers of 64, seeded. */
    public static TrainingConfig defaultConfig(long seed) {
        return TrainingConfig.builder().members(5).elites(5).hidden(64, 64).maxEpochs(150).patience(12)
                .batchSize(64).learningRate(2e-3).seed(seed).build();
    }

    /**
     * What one training produced.
     *
     * @param trained   the trained members and elites
     * @param heldOut   the served graph's scores on the held-out windows
     * @param metadata  the published model's metadata
     * @param directory the published version directory
     */
    public record Result(TrainedEnsemble trained, ExpertScores heldOut, ModelMetadata metadata, Path directory) {
    }

    /**
     * Generates data, trains, scores and publishes.
     *
     * @param episodes        training episodes ({@link ExpertDataGenerator#LAYERS_PER_EPISODE} layers each)
     * @param heldOutEpisodes held-out episodes, from seed + {@value #HELD_OUT_SEED_OFFSET}
     * @param registry        where the model is published
     * @param signer          the private key that signs it
     * @param progress        hears every epoch
     * @throws IOException          when publishing fails
     * @throws OrtException         when the exported graph cannot be served
     * @throws InterruptedException when interrupted while training
     */
    public Result run(int episodes, int heldOutEpisodes, ModelRegistry registry, SigningKey signer,
                      TrainingProgress progress) throws IOException, OrtException, InterruptedException {
        List<LabelledWindow> data = ExpertDataGenerator.generate(episodes, config.seed());
        List<LabelledWindow> heldOut = ExpertDataGenerator.generate(heldOutEpisodes,
                config.seed() + HELD_OUT_SEED_OFFSET);
        double[][] inputs = features(data);
        double[][] targets = data.stream().map(LabelledWindow::labels).toArray(double[][]::new);
        TrainedEnsemble trained = new EnsembleTrainer(config).train(inputs, targets, progress);
        ProbabilisticEnsemble elites = trained.elites();
        long version = registry.nextVersion(PrinterExpert.MODEL_NAME);
        String fingerprint = fingerprint(inputs, targets);
        byte[] model = EnsembleOnnxExporter.export(elites, PrinterExpert.MODEL_NAME, version,
                Map.of("plantctl.model", PrinterExpert.MODEL_NAME + "/" + version,
                        "plantctl.training_data", fingerprint));
        ExpertScores scores;
        try (OnnxEnsemble served = OnnxEnsemble.load(model, 1)) {
            scores = score(served, heldOut);
        }
        Map<String, Object> hyper = new LinkedHashMap<>(config.asMap());
        hyper.put("episodes", episodes);
        hyper.put("held_out_episodes", heldOutEpisodes);
        hyper.put("elite_indices", Arrays.stream(trained.eliteIndices()).boxed().toList());
        hyper.put("epochs", Arrays.stream(trained.epochs()).boxed().toList());
        Map<String, Object> evaluation = new LinkedHashMap<>(scores.asMap());
        evaluation.put("held_out_seed", config.seed() + HELD_OUT_SEED_OFFSET);
        ModelMetadata metadata = new ModelMetadata(PrinterExpert.MODEL_NAME, version, clock.instant(),
                ModelRegistry.MODEL_FILE, ModelRegistry.sha256(model), PrinterExpert.STEP, ExpertFeatures.NAMES,
                PrinterExpert.OUTPUTS, elites.size(), elites.inputNormalizer(), elites.outputNormalizer(),
                fingerprint, data.size(), "simulator: " + episodes + " PLA episodes, seed " + config.seed()
                + " (ExpertDataGenerator)", hyper, evaluation);
        Path dir = registry.publish(metadata, model, signer);
        return new Result(trained, scores, metadata, dir);
    }

    /** The feature rows of labelled windows, relative to {@link #CONTEXT}. */
    public static double[][] features(List<LabelledWindow> windows) {
        return windows.stream().map(w -> ExpertFeatures.of(w.window(), CONTEXT)).toArray(double[][]::new);
    }

    /**
     * Scores a served ensemble on labelled windows.
     *
     * @throws OrtException when inference fails
     */
    static ExpertScores score(OnnxEnsemble served, List<LabelledWindow> windows) throws OrtException {
        List<ProcessEstimate> estimates = PrinterExpert.estimates(served.predict(features(windows)), "candidate");
        return ExpertScores.of(estimates, windows);
    }

    private static String fingerprint(double[][] inputs, double[][] targets) {
        ByteBuffer b = ByteBuffer.allocate(8 * inputs.length * (inputs[0].length + targets[0].length));
        for (int i = 0; i < inputs.length; i++) {
            for (double v : inputs[i]) {
                b.putDouble(v);
            }
            for (double v : targets[i]) {
                b.putDouble(v);
            }
        }
        return "sha256:" + ModelRegistry.sha256(b.array());
    }
}
