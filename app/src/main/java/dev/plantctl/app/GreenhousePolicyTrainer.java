package dev.plantctl.app;

import dev.plantctl.controllers.greenhouse.GreenhouseSafetyShield;
import dev.plantctl.controllers.greenhouse.RuleBasedGrowerController;
import dev.plantctl.controllers.greenhouse.ShieldGuard;
import dev.plantctl.ml.greenhouse.ControlGuard;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.GreenhousePolicyTraining;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.greenhouse.PolicyTrainingConfig;
import dev.plantctl.ml.greenhouse.ResidualPrior;
import dev.plantctl.ml.registry.SigningKey;
import dev.plantctl.ml.rl.SampleDropout;
import dev.plantctl.models.greenhouse.ComfortBand;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code plantctl train greenhouse}: trains the greenhouse policies from fixed seeds and writes each as an
 * {@link MbrlBundle} under OUT: {@value #ROBUST} (robust MBRL, sample dropout α), {@value #PLAIN} (MBRL, α = 0)
 * and {@value #MODEL_FREE} (SAC on the simulator). The robust bundle is the one that ships
 * ({@link MbrlBundle#SHIPPED}).
 */
final class GreenhousePolicyTrainer {

    /** Directory and name suffix of the robust MBRL policy. */
    static final String ROBUST = "mbrl-robust";
    /** Directory and name suffix of the plain MBRL policy. */
    static final String PLAIN = "mbrl-plain";
    /** Directory and name suffix of the model-free policy. */
    static final String MODEL_FREE = "model-free";
    /**
     * The version the bundles get: 1 for the first policies (moving the actuators themselves, trained without the
     * shield), 2 since they are residual to the rule-based grower and trained behind the shield, 3 since they also
     * see the time of day ({@link dev.plantctl.ml.greenhouse.PolicyActions#INPUT_NAMES}), 4 since the shield they
     * train behind keeps a ventilation floor while the air is above the humidity limit.
     */
    static final long VERSION = 4;
    /** The policies in training order. */
    static final List<String> ALL = List.of(ROBUST, PLAIN, MODEL_FREE);

    private final long seed;
    private final int realSteps;
    private final int modelFreeSteps;
    private final SampleDropout robust;
    private final ControlGuard guard;
    private final ResidualPrior prior;
    private final double correctionCost;
    private final int criticWarmup;
    private final double uncertaintyPenalty;
    private final boolean planned;

    /**
     * @param shieldInTraining whether the safety shield stands between policy and plant during training
     * @param residual         whether the policies learn a correction of the rule-based grower's request (residual
     *                         RL) instead of moving the actuators themselves
     * @param correctionCost   a residual policy's cost per unit of squared correction
     *                         ({@link PolicyTrainingConfig#correctionCost})
     * @param criticWarmup     SAC updates of the critics alone before the actor learns
     * @param uncertaintyPenalty what an imagined reward loses per unit of ensemble disagreement
     *                         ({@link PolicyTrainingConfig#uncertaintyPenalty}; model-based policies)
     * @param planned          whether the model-based policies are distilled from planning on the ensemble
     *                         ({@link PolicyTrainingConfig#planned}) instead of trained by Dyna/MBPO SAC
     */
    GreenhousePolicyTrainer(long seed, int realSteps, int modelFreeSteps, SampleDropout robust,
                            boolean shieldInTraining, boolean residual, double correctionCost, int criticWarmup,
                            double uncertaintyPenalty, boolean planned) {
        this.planned = planned;
        this.uncertaintyPenalty = uncertaintyPenalty;
        this.correctionCost = correctionCost;
        this.criticWarmup = criticWarmup;
        this.seed = seed;
        this.realSteps = realSteps;
        this.modelFreeSteps = modelFreeSteps;
        this.robust = robust;
        GreenhouseSafetyShield shield = new GreenhouseSafetyShield(ComfortBand.benchmark());
        this.guard = shieldInTraining ? new ShieldGuard(shield) : ControlGuard.NONE;
        RuleBasedGrowerController rules = new RuleBasedGrowerController(GreenhouseDynamics.STEP,
                ComfortBand.benchmark(), shield);
        this.prior = residual ? new ResidualPrior(rules.name() + "/" + rules.version(), new RuleBasedBehaviour(rules))
                : null;
    }

    private GreenhousePolicyTraining training(PolicyTrainingConfig config) {
        return prior == null ? new GreenhousePolicyTraining(config, guard)
                : new GreenhousePolicyTraining(config, guard, prior);
    }

    /** The configuration of one policy. */
    PolicyTrainingConfig config(String policy) {
        PolicyTrainingConfig config = switch (policy) {
            case ROBUST -> planned ? PolicyTrainingConfig.planned(robust, realSteps, seed)
                    : PolicyTrainingConfig.modelBased(robust, realSteps, seed);
            case PLAIN -> planned ? PolicyTrainingConfig.planned(SampleDropout.NONE, realSteps, seed)
                    : PolicyTrainingConfig.modelBased(SampleDropout.NONE, realSteps, seed);
            case MODEL_FREE -> PolicyTrainingConfig.modelFree(modelFreeSteps, seed);
            default -> throw new IllegalArgumentException("unknown greenhouse policy '" + policy + "'; known: " + ALL);
        };
        return config.withResidualOptions(correctionCost, criticWarmup)
                .withUncertaintyPenalty(uncertaintyPenalty);
    }

    /** Trains the given policies and writes their bundles, signed, under {@code out}. */
    void train(List<String> policies, Path out, SigningKey signer, PrintWriter log)
            throws IOException, InterruptedException {
        for (String policy : policies) {
            PolicyTrainingConfig config = config(policy);
            long start = System.nanoTime();
            log.printf("training %s (%d real steps)%n", policy, config.realSteps());
            log.flush();
            GreenhousePolicyTraining.Result result = training(config).run(p -> {
                log.printf(Locale.ROOT, "  %s: %6d real steps, evaluation season %8.3f EUR/m2 (%.0f s)%n", policy,
                        p.realSteps(), p.netProfitEur(), (System.nanoTime() - start) / 1e9);
                log.flush();
            });
            MbrlBundle bundle = MbrlBundle.of(result, "greenhouse-" + policy, VERSION);
            bundle.write(out.resolve(policy), signer);
            log.printf("wrote %s to %s%n", bundle.id(), out.resolve(policy));
            log.flush();
        }
    }
}
