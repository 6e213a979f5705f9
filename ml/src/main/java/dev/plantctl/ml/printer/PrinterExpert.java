package dev.plantctl.ml.printer;

import ai.onnxruntime.OrtException;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.onnx.OnnxEnsemble;
import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.ModelContract;
import dev.plantctl.ml.registry.ModelMetadata;
import dev.plantctl.ml.registry.ModelPackage;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.TrustedKeys;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.ProcessEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The printer process expert served by ONNX Runtime: from one {@link MonitoringWindow} it estimates the actual
 * flow, the Z offset and the hotend's temperature deviation, each with the ensemble's standard deviation (the
 * members' own variance plus their disagreement). Trained by {@link PrinterExpertTraining}; the version shipped
 * with plantctl ({@link #shipped()}) is reproducible with {@code plantctl train printer-expert}.
 *
 * <p>Closes its ONNX Runtime session on {@link #close()}. Not thread-safe: one per task.
 */
public final class PrinterExpert implements AutoCloseable {

    /** The model's name in a registry. */
    public static final String MODEL_NAME = "printer-expert";
    /** Output names, in the order of the model's last axis. */
    public static final List<String> OUTPUTS = List.of("flow_pct", "z_offset_mm", "temperature_dev_c");
    /** The nominal time one estimate covers: one layer of the standard job. */
    public static final Duration STEP = Duration.ofSeconds(25);
    /** What a served expert must declare. */
    public static final ModelContract CONTRACT = new ModelContract(MODEL_NAME, ExpertFeatures.NAMES, OUTPUTS, STEP);
    /** The classpath folder of the shipped registry (holding {@value #MODEL_NAME}/1). */
    public static final String SHIPPED_REGISTRY = "/dev/plantctl/ml/printer/registry";
    /** The shipped version. */
    public static final long SHIPPED_VERSION = 1;

    private final OnnxEnsemble ensemble;
    private final ModelMetadata metadata;

    private PrinterExpert(OnnxEnsemble ensemble, ModelMetadata metadata) {
        this.ensemble = ensemble;
        this.metadata = metadata;
    }

    /**
     * Opens a verified model package.
     *
     * @throws OrtException when ONNX Runtime cannot load the model
     */
    public static PrinterExpert open(ModelPackage pkg) throws OrtException {
        Objects.requireNonNull(pkg, "pkg");
        return new PrinterExpert(OnnxEnsemble.load(pkg.model(), 1), pkg.metadata());
    }

    /**
     * Opens the latest version in a registry.
     *
     * @throws IOException when there is none, or it is missing, corrupt or does not fit {@link #CONTRACT}
     */
    public static PrinterExpert latest(ModelRegistry registry) throws IOException, OrtException {
        long version = registry.latestVersion(MODEL_NAME).orElseThrow(() -> new IOException("no " + MODEL_NAME
                + " in the model registry " + registry.root()));
        return open(registry.read(MODEL_NAME, version, CONTRACT));
    }

    /**
     * Opens the expert shipped on the classpath, verified like any registry version (signature with the shipped
     * keys, checksums, contract).
     *
     * @throws UncheckedIOException when the shipped files are missing or fail verification
     */
    public static PrinterExpert shipped() throws OrtException {
        try {
            Path root = Files.createTempDirectory("plantctl-printer-expert");
            Path dir = root.resolve(MODEL_NAME).resolve(Long.toString(SHIPPED_VERSION));
            Files.createDirectories(dir);
            for (String file : List.of(ModelRegistry.MODEL_FILE, ModelRegistry.METADATA_FILE,
                    ModelRegistry.CHECKSUMS_FILE, BundleSignature.FILE)) {
                String resource = SHIPPED_REGISTRY + "/" + MODEL_NAME + "/" + SHIPPED_VERSION + "/" + file;
                try (InputStream in = PrinterExpert.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("the shipped printer expert lacks classpath:" + resource);
                    }
                    Files.write(dir.resolve(file), in.readAllBytes());
                }
            }
            return open(new ModelRegistry(root, TrustedKeys.shipped()).read(MODEL_NAME, SHIPPED_VERSION, CONTRACT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the shipped printer expert: " + e.getMessage(), e);
        }
    }

    /** The model's metadata. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** The model's id, {@code name/version}. */
    public String id() {
        return metadata.id();
    }

    /**
     * Estimates the hidden process state of one window.
     *
     * @throws OrtException when inference fails
     */
    public ProcessEstimate estimate(MonitoringWindow window, PrintContext job) throws OrtException {
        return estimateAll(List.of(ExpertFeatures.of(window, job))).get(0);
    }

    /**
     * Estimates many feature rows ({@link ExpertFeatures}) at once.
     *
     * @throws OrtException when inference fails
     */
    public List<ProcessEstimate> estimateAll(List<double[]> features) throws OrtException {
        return estimates(ensemble.predict(features.toArray(double[][]::new)), id());
    }

    /** The estimates of every row of an ensemble's prediction, labelled with a model id. */
    static List<ProcessEstimate> estimates(EnsemblePrediction p, String id) {
        return IntStream.range(0, p.rows()).mapToObj(n -> new ProcessEstimate(
                p.ensembleMean(n, 0), Math.sqrt(p.ensembleVariance(n, 0)),
                p.ensembleMean(n, 1), Math.sqrt(p.ensembleVariance(n, 1)),
                p.ensembleMean(n, 2), Math.sqrt(p.ensembleVariance(n, 2)), id)).toList();
    }

    @Override
    public void close() throws OrtException {
        ensemble.close();
    }
}
