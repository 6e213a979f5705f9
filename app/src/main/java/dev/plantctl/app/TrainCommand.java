package dev.plantctl.app;

import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.ml.data.TransitionFile;
import dev.plantctl.ml.data.TransitionSet;
import dev.plantctl.ml.greenhouse.GreenhouseCollector;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.GreenhouseDynamicsTraining;
import dev.plantctl.ml.greenhouse.GreenhouseTelemetry;
import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.printer.PrinterExpert;
import dev.plantctl.ml.registry.ModelRegistry;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.registry.TrustedKeys;
import dev.plantctl.ml.rl.SampleDropout;
import dev.plantctl.models.greenhouse.ComfortBand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code plantctl train}: trains a learned model and publishes it as the next version in a model registry. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains the greenhouse dynamics ensemble (K probabilistic MLPs on bootstrap samples, the best as",
                "elites) on the JVM, exports the elites to ONNX and publishes them as the next version under",
                "OUT/greenhouse-dynamics/. Without --data it first collects transitions from the greenhouse simulator",
                "under the rule-based controller with exploration noise. Prints a report: one-step R2 per state,",
                "24-hour open-loop rollout error against the simulator (per member and for the ensemble) and the",
                "share of true next states inside the ensemble's +-2 sigma. Formats: ml/README.md."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = {"Which model: greenhouse-dynamics, or greenhouse (the",
            "policies: robust MBRL, MBRL with alpha = 0 and model-free SAC, each written as a bundle under",
            "OUT/mbrl-robust, OUT/mbrl-plain, OUT/model-free; fixed seeds, reproducible)."})
    String model;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Training data: a transitions file (plantctl-transitions) or recorded telemetry (JSON lines"
                    + " of sensor and actuator tags); repeatable. Default: collect from the simulator.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model registry's root directory.")
    Path registry;

    @Option(names = "--signing-key", paramLabel = "FILE",
            description = "The Ed25519 private key (<key-id>.key, from 'plantctl models keygen') that signs what is"
                    + " published. Default: the file the environment variable " + SigningKey.ENVIRONMENT + " names.")
    Path signingKey;

    @Option(names = "--collect-days", defaultValue = "20",
            description = "Simulated days per compartment to collect without --data (default: ${DEFAULT-VALUE}).")
    int collectDays;

    @Option(names = "--compartments", defaultValue = "2",
            description = "Independent compartments to collect from (default: ${DEFAULT-VALUE}).")
    int compartments;

    @Option(names = "--noise", defaultValue = "0.2",
            description = "Exploration noise as a share of each actuator's range (default: ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the weather, the noise and the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save-data", paramLabel = "FILE", description = "Write the collected transitions to this file.")
    Path saveData;

    @Option(names = "--eval-days", defaultValue = "4",
            description = "Simulated days per compartment of held-out data, under weather of seed + 1000, never"
                    + " trained on (default: ${DEFAULT-VALUE}).")
    int evalDays;

    @Option(names = "--members", defaultValue = "7", description = "Ensemble size K (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--elites", defaultValue = "5", description = "Elites served (default: ${DEFAULT-VALUE}).")
    int elites;

    @Option(names = "--hidden", defaultValue = "32,32", split = ",",
            description = "Hidden layer widths (default: ${DEFAULT-VALUE}).")
    int[] hidden;

    @Option(names = "--max-epochs", defaultValue = "300", description = "Epoch budget (default: ${DEFAULT-VALUE}).")
    int maxEpochs;

    @Option(names = "--patience", defaultValue = "15",
            description = "Early stopping patience, epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--real-steps", defaultValue = "3840",
            description = "greenhouse: real-environment steps of each MBRL policy (default: ${DEFAULT-VALUE}).")
    int realSteps;

    @Option(names = "--model-free-steps", defaultValue = "38400",
            description = "greenhouse: real-environment steps of the model-free policy (default: ${DEFAULT-VALUE}).")
    int modelFreeSteps;

    @Option(names = "--alpha", defaultValue = "0.5",
            description = "greenhouse: sample dropout alpha of the robust policy (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", defaultValue = "0.2",
            description = "greenhouse: member dropout beta of the robust policy (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--shield-in-training", negatable = true, defaultValue = "true",
            description = "greenhouse: train behind the safety shield the controller is served behind (default:"
                    + " ${DEFAULT-VALUE}).")
    boolean shieldInTraining;

    @Option(names = "--residual", negatable = true, defaultValue = "true",
            description = "greenhouse: policies learn a bounded correction of the rule-based grower's request"
                    + " (residual RL) (default: ${DEFAULT-VALUE}).")
    boolean residual;

    @Option(names = "--correction-cost", defaultValue = "2",
            description = "greenhouse: a residual policy's cost per unit of squared correction, in rewards scaled by"
                    + " 100 (default: ${DEFAULT-VALUE}).")
    double correctionCost;

    @Option(names = "--critic-warmup", defaultValue = "2000",
            description = "greenhouse: SAC updates of the critics alone before the actors learn (default:"
                    + " ${DEFAULT-VALUE}).")
    int criticWarmup;

    @Option(names = "--uncertainty-penalty", defaultValue = "0",
            description = "greenhouse: what an imagined step's reward loses per unit of the dynamics ensemble's"
                    + " disagreement (in 95th percentiles over the real data), in rewards scaled by 100; MBRL"
                    + " policies only (default: ${DEFAULT-VALUE}).")
    double uncertaintyPenalty;

    @Option(names = "--planning", negatable = true, defaultValue = "true",
            description = "greenhouse: the MBRL controllers plan on the learned ensemble (robust MPC); with"
                    + " --no-planning they are policy networks trained by Dyna/MBPO SAC (default: ${DEFAULT-VALUE}).")
    boolean planning;

    @Option(names = "--policies", defaultValue = "mbrl-robust,mbrl-plain,model-free", split = ",",
            description = "greenhouse: which policies to train (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Override
    public Integer call() throws Exception {
        if (!List.of(GreenhouseDynamics.MODEL_NAME, "greenhouse", PrinterExpert.MODEL_NAME).contains(model)) {
            throw new ParameterException(spec.commandLine(), "unknown model '" + model + "'; known: "
                    + GreenhouseDynamics.MODEL_NAME + ", greenhouse, " + PrinterExpert.MODEL_NAME);
        }
        SigningKey signer = SigningKey.fromFileOrEnvironment(signingKey, "plantctl train");
        if (model.equals("greenhouse")) {
            new GreenhousePolicyTrainer(seed, realSteps, modelFreeSteps, new SampleDropout(alpha, beta),
                    shieldInTraining, residual, correctionCost, criticWarmup, uncertaintyPenalty, planning)
                    .train(policies, registry, signer, spec.commandLine().getErr());
            return 0;
        }
        if (model.equals(PrinterExpert.MODEL_NAME)) {
            return PrinterExpertTrainer.train(seed, registry, signer, spec.commandLine().getOut());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrainingConfig config = TrainingConfig.builder().members(members).elites(elites).hidden(hidden)
                .maxEpochs(maxEpochs).patience(patience).seed(seed).build();
        TransitionSet training = data.isEmpty() ? collect(seed, collectDays, seed) : read(data);
        if (saveData != null) {
            TransitionFile.write(training, saveData);
            err.printf("wrote %d transitions to %s%n", training.size(), saveData);
        }
        TransitionSet heldOut = collect(seed + 1000, evalDays, seed + 1);
        err.printf("training on %d transitions (%s)%n  %s%nheld out: %d transitions under weather seed %d%n",
                training.size(), training.fingerprint(), training.source(), heldOut.size(), seed + 1000);
        GreenhouseDynamicsTraining.Result result = new GreenhouseDynamicsTraining(config, Clock.systemUTC())
                .run(training, heldOut, new ModelRegistry(registry, TrustedKeys.of(signer)), signer,
                        new ProgressBar(err, members, System.console() != null));
        out.print(result.report().toText());
        out.printf("%npublished %s (sha256 %s) in %s%n", result.metadata().id(),
                result.metadata().sha256(), result.directory());
        out.flush();
        return 0;
    }

    private TransitionSet collect(long weatherSeed, int days, long noiseSeed) {
        RuleBasedBehaviour behaviour = new RuleBasedBehaviour(new RuleBasedGrowerController(GreenhouseDynamics.STEP,
                ComfortBand.benchmark(), new GreenhouseSafetyShield(ComfortBand.benchmark(),
                GreenhouseSafetyShield.DEFAULT_MAX_CHANGE_FRACTION)));
        return GreenhouseCollector.builder().syntheticWeather(weatherSeed).duration(Duration.ofDays(days))
                .compartments(compartments).behaviour(behaviour, behaviour.name()).noise(noise).seed(noiseSeed)
                .build().collect();
    }

    /** Reads each file as a transitions file when its header says so, else as telemetry, and joins them. */
    static TransitionSet read(List<Path> files) throws IOException {
        List<TransitionSet> sets = new ArrayList<>();
        for (Path f : files) {
            String first;
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                first = r.readLine();
            }
            boolean transitions = first != null && first.contains("\"" + TransitionFile.FORMAT + "\"");
            sets.add(transitions ? TransitionFile.read(f) : GreenhouseTelemetry.read(f));
        }
        return sets.get(0).concat(sets.subList(1, sets.size()));
    }
}
