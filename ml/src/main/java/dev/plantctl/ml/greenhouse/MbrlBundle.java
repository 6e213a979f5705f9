package dev.plantctl.ml.greenhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.GaussianMlp;
import dev.plantctl.ml.nn.Normalizer;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.onnx.EnsembleOnnxExporter;
import dev.plantctl.ml.registry.BundleSignature;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.ModelRejectedException;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A trained greenhouse policy with the dynamics ensemble it was trained on, as files in one directory (or one
 * classpath folder):
 * <ul>
 *   <li>{@value #POLICY_FILE}: the actor as ONNX, written by {@link EnsembleOnnxExporter} as a one-member
 *       ensemble whose input normalisation is {@link PolicyActions#FEATURES}: input {@code [N, 12]} raw policy
 *       observations, output {@code mean [1, N, 3]} the pre-squash means μ; the action is {@code tanh(μ)}
 *       (see {@link PolicyActions}). Model-free policies ship this file alone; planning controllers
 *       ({@link #planning()}) have none.</li>
 *   <li>{@value #DYNAMICS_FILE}: the served ensemble (the elites that survived β) as ONNX; absent for
 *       model-free policies.</li>
 *   <li>{@value #METADATA_FILE}: name, version, the SHA-256 of both files, the sample dropout α and β, the
 *       uncertainty threshold, the ensemble's output scales, real-environment steps, SAC updates, the learning
 *       curve, every training option, {@code trained_behind_shield: true} when a guard stood between policy
 *       and plant in training, and for a residual policy {@code residual_to} (the name of the controller whose
 *       request it corrects) and {@code residual_fraction} ({@link PolicyActions#RESIDUAL}); for a planning
 *       controller {@code decision: "planning"} and its planner's {@code planning_horizon}, {@code planning_samples},
 *       {@code planning_iterations} and {@code planning_seed}.</li>
 *   <li>{@value BundleSignature#FILE}: the Ed25519 signature of {@value #METADATA_FILE} ({@link BundleSignature},
 *       subject {@value #SIGNATURE_SUBJECT}), which covers the ONNX files through their SHA-256.</li>
 * </ul>
 * Reading verifies the signature against the reader's {@link TrustedKeys} (the shipped bundles against the shipped
 * release keys), then both checksums, and refuses a bundle that fails, naming the file.
 *
 * <p><b>Uncertainty.</b> The ensemble's disagreement about the next state, {@code d = sqrt(mean_j var_k(μ_kj) /
 * σ_j²)} with σ_j the scale of output j in training; the threshold is three times the 95th percentile of d over
 * the real training transitions, and {@link #uncertainty} maps d to [0, 1] so that the threshold is 0.5.
 *
 * @param policyOnnx   the policy's ONNX bytes, null for a planning controller
 * @param dynamicsOnnx the ensemble's ONNX bytes, null for a model-free policy
 * @param metadata     the content of {@value #METADATA_FILE}
 */
public record MbrlBundle(byte[] policyOnnx, byte[] dynamicsOnnx, Map<String, Object> metadata) {

    /** The policy file's name. */
    public static final String POLICY_FILE = "policy.onnx";
    /** The ensemble file's name. */
    public static final String DYNAMICS_FILE = "dynamics.onnx";
    /** The metadata file's name. */
    public static final String METADATA_FILE = "mbrl.json";
    /** The classpath folder of the shipped robust MBRL bundle. */
    public static final String SHIPPED = "dev/plantctl/ml/greenhouse/policies/mbrl-robust/";
    /** The classpath folder of the shipped policies: {@code mbrl-robust/}, {@code mbrl-plain/}, {@code model-free/}. */
    public static final String SHIPPED_POLICIES = "dev/plantctl/ml/greenhouse/policies/";
    /** The {@code decision} of a planning controller's metadata. */
    public static final String PLANNING = "planning";
    /** The subject of a policy bundle's signature ({@link BundleSignature}). */
    public static final String SIGNATURE_SUBJECT = "greenhouse-policy-bundle";
    /** The uncertainty at which a controller falls back. */
    public static final double FALLBACK_UNCERTAINTY = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Checks that the policy is there and the metadata names the fields a controller reads. */
    public MbrlBundle {
        metadata = Map.copyOf(metadata);
        boolean planning = PLANNING.equals(metadata.get("decision"));
        if ((policyOnnx == null) != planning || (planning && dynamicsOnnx == null)) {
            throw new IllegalArgumentException(METADATA_FILE + " of " + metadata.get("name") + "/"
                    + metadata.get("version") + (planning ? " is a planning controller: it needs an ensemble and no"
                    + " policy" : " needs a policy"));
        }
        for (String key : List.of("name", "version", "sample_dropout_alpha", "sample_dropout_beta")) {
            if (!metadata.containsKey(key)) {
                throw new IllegalArgumentException(METADATA_FILE + " has no field '" + key + "'");
            }
        }
        if (!planning && !PolicyActions.INPUT_NAMES.equals(metadata.get("policy_inputs"))) {
            throw new IllegalArgumentException(METADATA_FILE + " of " + metadata.get("name") + "/"
                    + metadata.get("version") + " names the policy inputs " + metadata.get("policy_inputs")
                    + ", but this plantctl feeds " + PolicyActions.INPUT_NAMES
                    + "; retrain it with 'plantctl train greenhouse'");
        }
        if (dynamicsOnnx != null && !(metadata.get("uncertainty_threshold") instanceof Number)) {
            throw new IllegalArgumentException(METADATA_FILE + " of a model-based policy has no number "
                    + "'uncertainty_threshold'");
        }
    }

    /**
     * The bundle of a training result.
     *
     * @param name    the policy's name, e.g. {@code greenhouse-mbrl-robust}
     * @param version its version
     */
    public static MbrlBundle of(GreenhousePolicyTraining.Result result, String name, long version) {
        byte[] policyBytes = result.actor() == null ? null : EnsembleOnnxExporter.export(
                policyAsEnsemble(result.actor()), name, version,
                Map.of("plantctl.model", name + "/" + version, "plantctl.role", "policy"));
        ProbabilisticEnsemble dynamics = result.servedEnsemble();
        byte[] dynamicsBytes = dynamics == null ? null : EnsembleOnnxExporter.export(dynamics,
                GreenhouseDynamics.MODEL_NAME, version, Map.of("plantctl.model", name + "/" + version,
                        "plantctl.role", "dynamics"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("version", version);
        if (policyBytes != null) {
            m.put("policy_file", POLICY_FILE);
            m.put("policy_sha256", ModelRegistry.sha256(policyBytes));
            m.put("policy_inputs", PolicyActions.INPUT_NAMES);
            m.put("policy_outputs", GreenhouseDynamics.ACTION);
        } else {
            EnsemblePlanner.Settings shipped = EnsemblePlanner.Settings.SHIPPED;
            m.put("decision", PLANNING);
            m.put("planning_horizon", result.config().planningHorizon());
            m.put("planning_samples", shipped.samples());
            m.put("planning_iterations", shipped.iterations());
            m.put("planning_seed", shipped.seed());
        }
        m.put("sample_dropout_alpha", result.config().dropout().alpha());
        m.put("sample_dropout_beta", result.config().dropout().beta());
        m.put("real_steps", result.realSteps());
        m.put("sac_updates", result.updates());
        m.put("learning_curve", result.curve().stream()
                .map(p -> Map.of("real_steps", p.realSteps(), "net_profit_eur_m2", p.netProfitEur())).toList());
        m.put("training", result.config().asMap());
        if (result.guarded()) {
            m.put("trained_behind_shield", true);
        }
        if (result.residualTo() != null) {
            m.put("residual_to", result.residualTo());
            m.put("residual_fraction", PolicyActions.RESIDUAL);
        }
        if (dynamics != null) {
            m.put("dynamics_file", DYNAMICS_FILE);
            m.put("dynamics_sha256", ModelRegistry.sha256(dynamicsBytes));
            m.put("dynamics_members", dynamics.size());
            m.put("dynamics_output_std", Arrays.stream(dynamics.outputNormalizer().std()).boxed().toList());
            m.put("uncertainty_threshold", result.uncertaintyThreshold());
        }
        return new MbrlBundle(policyBytes, dynamicsBytes, m);
    }

    /** The actor as a one-member ensemble: normalised inputs, identity output scaling. */
    static ProbabilisticEnsemble policyAsEnsemble(GaussianMlp actor) {
        double[] zero = new double[actor.outputs()];
        double[] one = new double[actor.outputs()];
        Arrays.fill(one, 1);
        return new ProbabilisticEnsemble(PolicyActions.FEATURES, new Normalizer(zero, one), List.of(actor));
    }

    /**
     * The planner's settings when this is a planning controller, whose decisions are plans on the ensemble
     * ({@link EnsemblePlanner}); empty for a policy network.
     */
    public Optional<EnsemblePlanner.Settings> planning() {
        if (!PLANNING.equals(metadata.get("decision"))) {
            return Optional.empty();
        }
        return Optional.of(new EnsemblePlanner.Settings(number("planning_horizon").intValue(),
                number("planning_samples").intValue(), number("planning_iterations").intValue(),
                number("planning_seed").longValue()));
    }

    /** The sample dropout α the policy or planner was trained or plans with. */
    public double sampleDropoutAlpha() {
        return number("sample_dropout_alpha").doubleValue();
    }

    private Number number(String key) {
        if (!(metadata.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(METADATA_FILE + " of " + id() + " has no number '" + key + "'");
        }
        return n;
    }

    /** {@code name/version}, e.g. {@code greenhouse-mbrl-robust/2}. */
    public String id() {
        return metadata.get("name") + "/" + metadata.get("version");
    }

    /** The disagreement d at which the uncertainty reaches {@value #FALLBACK_UNCERTAINTY}. */
    public double uncertaintyThreshold() {
        return ((Number) metadata.get("uncertainty_threshold")).doubleValue();
    }

    /** The scales σ_j of the ensemble's outputs. */
    public double[] dynamicsOutputStd() {
        return ((List<?>) metadata.get("dynamics_output_std")).stream()
                .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    /**
     * The name of the controller whose request the policy corrects ({@link PolicyActions#residual}); empty when
     * the policy moves the controls itself ({@link PolicyActions#controls}).
     *
     * @throws IllegalArgumentException when the bundle's residual fraction is not the one this code applies
     */
    public Optional<String> residualTo() {
        Object prior = metadata.get("residual_to");
        if (prior == null) {
            return Optional.empty();
        }
        Object fraction = metadata.get("residual_fraction");
        if (!(fraction instanceof Number n) || n.doubleValue() != PolicyActions.RESIDUAL) {
            throw new IllegalArgumentException(METADATA_FILE + " of " + id() + " has residual_fraction " + fraction
                    + " but this controller applies corrections of " + PolicyActions.RESIDUAL);
        }
        return Optional.of(prior.toString());
    }

    /** Real-environment steps its training used. */
    public long realSteps() {
        return ((Number) metadata.get("real_steps")).longValue();
    }

    /** The disagreement d of the prediction for row n (see the class comment). */
    public static double disagreement(EnsemblePrediction p, int n, double[] outputStd) {
        double sum = 0;
        for (int j = 0; j < p.outputs(); j++) {
            sum += p.disagreement(n, j) / (outputStd[j] * outputStd[j]);
        }
        return Math.sqrt(sum / p.outputs());
    }

    /**
     * The uncertainty in [0, 1] of a disagreement: {@code min(1, d / (2·threshold))}; 1 for a disagreement that is
     * not a number (an ensemble that predicts NaN knows nothing, and its controller falls back).
     */
    public double uncertainty(double disagreement) {
        return Double.isNaN(disagreement) ? 1 : Math.min(1, disagreement / (2 * uncertaintyThreshold()));
    }

    /** Writes the files into a directory (created when missing) and signs them. */
    public void write(Path dir, SigningKey signer) throws IOException {
        Files.createDirectories(dir);
        if (policyOnnx != null) {
            Files.write(dir.resolve(POLICY_FILE), policyOnnx);
        }
        if (dynamicsOnnx != null) {
            Files.write(dir.resolve(DYNAMICS_FILE), dynamicsOnnx);
        }
        JSON.writeValue(dir.resolve(METADATA_FILE).toFile(), metadata);
        BundleSignature.sign(dir, METADATA_FILE, SIGNATURE_SUBJECT, signer);
    }

    /**
     * Signs the bundle in a directory (replacing its signature) after checking that its files match their
     * checksums: a key holder re-signs what is there, never what has been altered.
     *
     * @return the signature file
     * @throws IllegalArgumentException when a file is missing, malformed or does not match its checksum
     */
    public static Path sign(Path dir, SigningKey signer) throws IOException {
        read(files(dir), dir.toString(), null);
        return BundleSignature.sign(dir, METADATA_FILE, SIGNATURE_SUBJECT, signer);
    }

    /**
     * Reads a bundle from a directory.
     *
     * @param trust the keys whose signatures are accepted
     * @throws ModelRejectedException   when the bundle is unsigned or not signed by a trusted key, naming the file
     * @throws IllegalArgumentException when a file is missing, malformed or does not match its checksum
     */
    public static MbrlBundle read(Path dir, TrustedKeys trust) throws IOException {
        return read(files(dir), dir.toString(), Objects.requireNonNull(trust, "trust"));
    }

    private static Function<String, byte[]> files(Path dir) {
        return name -> {
            try {
                return Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** Reads the shipped bundle from the classpath ({@value #SHIPPED}), verified with the shipped keys. */
    public static MbrlBundle shipped() throws IOException {
        return resource(SHIPPED);
    }

    /** Reads a bundle from a classpath folder, e.g. {@value #SHIPPED}, verified with the shipped keys. */
    public static MbrlBundle resource(String folder) throws IOException {
        ClassLoader loader = MbrlBundle.class.getClassLoader();
        return read(name -> {
            try (InputStream in = loader.getResourceAsStream(folder + name)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "classpath:" + folder, TrustedKeys.shipped());
    }

    /** Reads and checks a bundle; verifies its signature unless {@code trust} is null (before signing it). */
    @SuppressWarnings("unchecked")
    private static MbrlBundle read(Function<String, byte[]> files, String where, TrustedKeys trust)
            throws IOException {
        try {
            byte[] meta = files.apply(METADATA_FILE);
            if (meta == null) {
                throw new IllegalArgumentException("no " + METADATA_FILE + " in " + where);
            }
            if (trust != null) {
                BundleSignature.verify(trust, SIGNATURE_SUBJECT, METADATA_FILE, meta,
                        files.apply(BundleSignature.FILE), Path.of(where, BundleSignature.FILE));
            }
            Map<String, Object> m = JSON.readValue(meta, Map.class);
            byte[] policy = m.containsKey("policy_file")
                    ? checked(files, POLICY_FILE, (String) m.get("policy_sha256"), where) : null;
            byte[] dynamics = m.containsKey("dynamics_file")
                    ? checked(files, DYNAMICS_FILE, (String) m.get("dynamics_sha256"), where) : null;
            return new MbrlBundle(policy, dynamics, m);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static byte[] checked(Function<String, byte[]> files, String file, String sha256,
                                  String where) {
        byte[] bytes = files.apply(file);
        if (bytes == null) {
            throw new IllegalArgumentException("no " + file + " in " + where);
        }
        String actual = ModelRegistry.sha256(bytes);
        if (!actual.equals(sha256)) {
            throw new IllegalArgumentException(where + "/" + file + " has SHA-256 " + actual + " but "
                    + METADATA_FILE + " says " + sha256);
        }
        return bytes;
    }
}
