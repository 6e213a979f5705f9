package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.nn.TrainingConfig;
import dev.plantctl.ml.rl.SacConfig;
import dev.plantctl.ml.rl.SampleDropout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of {@link GreenhousePolicyTraining}.
 *
 * @param modelBased        true for Dyna/MBPO on the learned ensemble, false for model-free SAC on the simulator
 * @param dropout           sample dropout (model-based only; {@link SampleDropout#NONE} is plain MBRL)
 * @param realSteps         real-environment steps in all
 * @param initialRealSteps  real steps with the untrained (near-random) policy before learning starts
 * @param stepsPerIteration real steps between two ensemble retrainings (model-based) and two learning-curve points
 * @param rolloutStarts     real states model rollouts branch from per iteration (model-based)
 * @param rolloutHorizon    steps of each model rollout (model-based)
 * @param updates           SAC updates per iteration (model-based) or per real step (model-free)
 * @param realShare         share of real transitions in each SAC batch (model-based), in [0, 1]
 * @param rewardScale       rewards are € m⁻² per step times this
 * @param sac               the SAC hyperparameters
 * @param dynamics          the ensemble's hyperparameters (model-based)
 * @param weatherSeed       seed of the training weather
 * @param evalWeatherSeed   seed of the weather of the learning curve's evaluation seasons
 * @param seasonDays        the season's length
 * @param correctionCost    for a residual policy ({@link ResidualPrior}), what each step's squared correction
 *                          {@code |a|²} costs in scaled reward units, so that the policy departs from its prior only
 *                          where the critic expects a gain; ≥ 0 (unused otherwise)
 * @param criticWarmup      SAC updates that train the critics alone before the actor starts to learn (policy
 *                          evaluation of the initial actor first: a residual policy then leaves its prior only on a
 *                          critic that has learned the delayed costs of a correction); ≥ 0
 * @param uncertaintyPenalty what an imagined step's reward loses per unit of the ensemble's disagreement about it,
 *                          measured in 95th percentiles of the disagreement over the real transitions (MOPO, Yu et
 *                          al. 2020): the policy learns to stay where the model knows the plant, which is also where
 *                          the served controller does not fall back; ≥ 0, in scaled reward units (model-based)
 * @param planningHorizon   0 for Dyna/MBPO, where SAC trains a policy network on imagined samples; &gt; 0
 *                          (model-based only) for a planning controller: the policy is an {@link EnsemblePlanner}
 *                          with this horizon on the trained ensemble, and training collects the real data and
 *                          trains the ensemble
 */
public record PolicyTrainingConfig(boolean modelBased, SampleDropout dropout, int realSteps, int initialRealSteps,
                                   int stepsPerIteration, int rolloutStarts, int rolloutHorizon, int updates,
                                   double realShare, double rewardScale, SacConfig sac, TrainingConfig dynamics,
                                   long weatherSeed, long evalWeatherSeed, int seasonDays, double correctionCost,
                                   int criticWarmup, double uncertaintyPenalty, int planningHorizon) {

    /** @throws IllegalArgumentException when an option is out of range, naming it */
    public PolicyTrainingConfig {
        Objects.requireNonNull(dropout, "dropout");
        Objects.requireNonNull(sac, "sac");
        Objects.requireNonNull(dynamics, "dynamics");
        positive("real_steps", realSteps);
        positive("initial_real_steps", initialRealSteps);
        positive("steps_per_iteration", stepsPerIteration);
        positive("rollout_starts", rolloutStarts);
        positive("rollout_horizon", rolloutHorizon);
        positive("updates", updates);
        positive("season_days", seasonDays);
        if (planningHorizon < 0 || (planningHorizon > 0 && !modelBased)) {
            throw new IllegalArgumentException("policy training option 'planning_horizon' must be >= 0, and 0"
                    + " for model-free training: " + planningHorizon);
        }
        if (initialRealSteps > realSteps) {
            throw new IllegalArgumentException("policy training option 'initial_real_steps' (" + initialRealSteps
                    + ") must not exceed 'real_steps' (" + realSteps + ")");
        }
        if (!(realShare >= 0 && realShare <= 1)) {
            throw new IllegalArgumentException("policy training option 'real_share' must lie in [0, 1]: " + realShare);
        }
        if (criticWarmup < 0) {
            throw new IllegalArgumentException("policy training option 'critic_warmup' must be >= 0: " + criticWarmup);
        }
        if (!(uncertaintyPenalty >= 0 && Double.isFinite(uncertaintyPenalty))) {
            throw new IllegalArgumentException("policy training option 'uncertainty_penalty' must be >= 0: "
                    + uncertaintyPenalty);
        }
        if (!(correctionCost >= 0 && Double.isFinite(correctionCost))) {
            throw new IllegalArgumentException("policy training option 'correction_cost' must be >= 0: "
                    + correctionCost);
        }
        if (!(rewardScale > 0 && Double.isFinite(rewardScale))) {
            throw new IllegalArgumentException("policy training option 'reward_scale' must be > 0: " + rewardScale);
        }
    }

    /**
     * The shipped configurations' correction cost: 2 per unit of {@code |a|²} (rewards are scaled by 100; smaller
     * costs, 0.02 to 0.5, let the policies fall well below their prior at the shipped budgets).
     */
    public static final double CORRECTION_COST = 2;
    /** The shipped configurations' critic warm-up: 2,000 SAC updates. */
    public static final int CRITIC_WARMUP = 2000;

    /**
     * The Dyna/MBPO configuration ({@code train greenhouse --no-planning}): 2 days of initial data, then 1 day
     * per iteration up to {@code realSteps}; 5-step rollouts from 200 real states per iteration, 400 SAC updates
     * per iteration, 5 % real samples per batch; ensemble of 7 (5 elites) with two hidden layers of 32; the
     * critics train alone for the first {@value #CRITIC_WARMUP} updates.
     */
    public static PolicyTrainingConfig modelBased(SampleDropout dropout, int realSteps, long seed) {
        TrainingConfig dynamics = TrainingConfig.builder().members(7).elites(5).hidden(32, 32).maxEpochs(60)
                .patience(5).seed(seed).threads(1).build();
        return new PolicyTrainingConfig(true, dropout, realSteps, 192, 96, 200, 5, 400, 0.05, 100,
                SacConfig.defaults(seed), dynamics, 1000 + seed, 2000 + seed, 40, CORRECTION_COST, CRITIC_WARMUP, 0, 0);
    }

    /**
     * Exploration while a planning controller's data is collected: Gaussian noise of this σ on each component of
     * the residual action around the prior (7.5 % of each actuator's range).
     */
    public static final double PLANNED_EXPLORATION = 0.3;

    /**
     * The shipped planning configuration: the policy is the {@link EnsemblePlanner} (horizon 8 steps = 2 h,
     * {@link EnsemblePlanner.Settings#SHIPPED}) on an ensemble trained on the real data; 10 days of data with the
     * prior plus exploration, a learning-curve point and 10 more days, up to {@code realSteps}; the same ensemble
     * as {@link #modelBased}.
     */
    public static PolicyTrainingConfig planned(SampleDropout dropout, int realSteps, long seed) {
        PolicyTrainingConfig mbpo = modelBased(dropout, realSteps, seed);
        return new PolicyTrainingConfig(true, dropout, realSteps, Math.min(960, realSteps), 960, 1, 1, 1, 0, 100,
                mbpo.sac(), mbpo.dynamics(), mbpo.weatherSeed(), mbpo.evalWeatherSeed(), mbpo.seasonDays(), 0, 0, 0,
                8);
    }

    /** Model-free SAC on the simulator: 2 days of initial data, then one update per real step. */
    public static PolicyTrainingConfig modelFree(int realSteps, long seed) {
        TrainingConfig unused = TrainingConfig.builder().seed(seed).threads(1).build();
        return new PolicyTrainingConfig(false, SampleDropout.NONE, realSteps, 192, 960, 1, 1, 1, 1, 100,
                SacConfig.defaults(seed), unused, 1000 + seed, 2000 + seed, 40, CORRECTION_COST, CRITIC_WARMUP, 0, 0);
    }

    /** These options with another {@link #correctionCost} and {@link #criticWarmup}. */
    public PolicyTrainingConfig withResidualOptions(double cost, int warmup) {
        return new PolicyTrainingConfig(modelBased, dropout, realSteps, initialRealSteps, stepsPerIteration,
                rolloutStarts, rolloutHorizon, updates, realShare, rewardScale, sac, dynamics, weatherSeed,
                evalWeatherSeed, seasonDays, cost, warmup, uncertaintyPenalty, planningHorizon);
    }

    /** These options with another {@link #uncertaintyPenalty}. */
    public PolicyTrainingConfig withUncertaintyPenalty(double penalty) {
        return new PolicyTrainingConfig(modelBased, dropout, realSteps, initialRealSteps, stepsPerIteration,
                rolloutStarts, rolloutHorizon, updates, realShare, rewardScale, sac, dynamics, weatherSeed,
                evalWeatherSeed, seasonDays, correctionCost, criticWarmup, penalty, planningHorizon);
    }

    /** The options as a name-to-value map, for a model's metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", !modelBased ? "model_free_sac" : planningHorizon > 0 ? "ensemble_planning"
                : "mbpo");
        out.put("sample_dropout_alpha", dropout.alpha());
        out.put("sample_dropout_beta", dropout.beta());
        out.put("real_steps", realSteps);
        out.put("initial_real_steps", initialRealSteps);
        out.put("steps_per_iteration", stepsPerIteration);
        if (planningHorizon > 0) {
            out.put("planning_horizon", planningHorizon);
            out.put("planning_samples", EnsemblePlanner.Settings.SHIPPED.samples());
            out.put("planning_iterations", EnsemblePlanner.Settings.SHIPPED.iterations());
            out.put("planning_seed", EnsemblePlanner.Settings.SHIPPED.seed());
            out.put("exploration_sigma", PLANNED_EXPLORATION);
            out.put("dynamics", dynamics.asMap());
        } else if (modelBased) {
            out.put("rollout_starts", rolloutStarts);
            out.put("rollout_horizon", rolloutHorizon);
            out.put("real_share", realShare);
            out.put("dynamics", dynamics.asMap());
            out.put("uncertainty_penalty", uncertaintyPenalty);
        }
        out.put("updates", updates);
        out.put("reward_scale", rewardScale);
        out.put("sac", sac.asMap());
        out.put("weather_seed", weatherSeed);
        out.put("eval_weather_seed", evalWeatherSeed);
        out.put("season_days", seasonDays);
        out.put("rate_limit_fraction", PolicyActions.RATE);
        out.put("correction_cost", correctionCost);
        out.put("critic_warmup", criticWarmup);
        return out;
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("policy training option '" + name + "' must be >= 1: " + value);
        }
    }
}
