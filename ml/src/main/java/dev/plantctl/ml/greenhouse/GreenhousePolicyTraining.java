package dev.plantctl.ml.greenhouse;

import dev.plantctl.ml.nn.EnsembleTrainer;
import dev.plantctl.ml.nn.EnsemblePrediction;
import dev.plantctl.ml.nn.GaussianMlp;
import dev.plantctl.ml.nn.ProbabilisticEnsemble;
import dev.plantctl.ml.nn.TrainedEnsemble;
import dev.plantctl.ml.nn.TrainingProgress;
import dev.plantctl.ml.rl.ReplayBuffer;
import dev.plantctl.ml.rl.SoftActorCritic;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseEconomics;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import dev.plantctl.models.greenhouse.Weather;
import dev.plantctl.models.greenhouse.WeatherSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Trains a greenhouse policy with {@link SoftActorCritic}, either on the learned dynamics ensemble (Dyna/MBPO,
 * Janner et al. 2019) or model-free on the simulator, counting every real-environment step.
 *
 * <p><b>Model-based.</b> The "real" greenhouse is {@link GreenhouseEnvironment} with the nominal coefficients and
 * the training weather. After {@code initialRealSteps} with the untrained policy, each iteration: trains the
 * ensemble afresh on all real transitions ({@link EnsembleTrainer}); keeps the elites that survive
 * {@link dev.plantctl.ml.rl.SampleDropout#members β}; branches {@code rolloutHorizon}-step rollouts from
 * {@code rolloutStarts} real states, where every member predicts the next state (its mean plus its own Gaussian
 * noise) under the policy's sampled action, rewards are accounted by {@link GreenhouseEconomics} on the
 * predicted state, and {@link dev.plantctl.ml.rl.SampleDropout#keep α} drops the most optimistic samples;
 * the kept samples go to the model buffer and each rollout continues from one of them; then {@code updates} SAC
 * updates on batches of {@code realShare} real and the rest model samples; then {@code stepsPerIteration} real
 * steps with the stochastic policy. The weather of an imagined step is the training weather at its time (the
 * forecast a greenhouse would have).
 *
 * <p><b>Planning.</b> With {@link PolicyTrainingConfig#planningHorizon} &gt; 0 the controller is an
 * {@link EnsemblePlanner} on the trained ensemble, and training only collects the real data (the prior plus
 * exploration), trains the ensemble after each iteration and evaluates the planner on it for the learning curve.
 *
 * <p><b>Model-free.</b> SAC on real steps alone, {@code updates} updates per real step.
 *
 * <p><b>Guard and prior.</b> Optionally a {@link ControlGuard} (the safety shield) stands between the policy and the
 * plant, in real steps, imagined steps and evaluation alike; the critic learns on the action the applied controls
 * amount to ({@link PolicyActions#appliedAction}), and the ensemble on the applied controls; optionally the policy is residual to a {@link ResidualPrior} (its action corrects the prior's request,
 * {@link PolicyActions#residual}), in imagined steps the prior acting on the imagined state; a residual policy
 * starts at action 0 ({@link SoftActorCritic#startAtZeroAction}: at its prior) and pays
 * {@link PolicyTrainingConfig#correctionCost} per unit of squared correction in its rewards.
 *
 * <p><b>Learning curve.</b> After each iteration the deterministic policy runs one season on the nominal
 * simulator with the evaluation weather (no shield: the policy's own bounds and rate limits); its net profit is
 * a point of the curve against real steps so far. Deterministic for a configuration.
 */
public final class GreenhousePolicyTraining {

    private static final int MODEL_BUFFER = 200_000;

    private final PolicyTrainingConfig config;
    private final ControlGuard guard;
    private final ResidualPrior prior;

    /** Training with the given options, the policy's requests applied as they are. */
    public GreenhousePolicyTraining(PolicyTrainingConfig config) {
        this(config, ControlGuard.NONE);
    }

    /**
     * Training with the given options and a guard (e.g. the safety shield) between the policy and the plant, in
     * the real steps, the imagined ones and the learning curve's evaluation alike.
     */
    public GreenhousePolicyTraining(PolicyTrainingConfig config, ControlGuard guard) {
        this.config = Objects.requireNonNull(config, "config");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.prior = null;
    }

    /**
     * Training of a residual policy: its action corrects the prior's request, behind the guard.
     *
     * @param prior the controller the policy corrects
     */
    public GreenhousePolicyTraining(PolicyTrainingConfig config, ControlGuard guard, ResidualPrior prior) {
        this.config = Objects.requireNonNull(config, "config");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.prior = Objects.requireNonNull(prior, "prior");
    }

    /**
     * A point of the learning curve.
     *
     * @param realSteps    real-environment steps used so far
     * @param netProfitEur the deterministic policy's net profit on the evaluation season, € m⁻²
     */
    public record CurvePoint(long realSteps, double netProfitEur) {
    }

    /**
     * What training produced.
     *
     * @param actor      the actor network (normalised inputs {@link PolicyActions#FEATURES}; tanh of its mean
     *                   head is the action); null for a planning controller
     * @param dynamics   the last trained ensemble, null for model-free training
     * @param members    indices of the elites that survived β, into {@code dynamics.elites()}; empty for model-free
     * @param realSteps  real-environment steps used
     * @param updates    SAC updates done (0 for a planning controller)
     * @param curve      the learning curve
     * @param uncertaintyThreshold three times the 95th percentile of the served ensemble's disagreement over the
     *                   real transitions ({@link MbrlBundle#disagreement}); NaN for model-free training
     * @param config     the options
     * @param guarded    whether a guard other than {@link ControlGuard#NONE} stood between policy and plant
     * @param residualTo the name of the prior the policy corrects, null when its action moves the controls itself
     */
    public record Result(GaussianMlp actor, TrainedEnsemble dynamics, int[] members, long realSteps, long updates,
                         List<CurvePoint> curve, double uncertaintyThreshold, PolicyTrainingConfig config,
                         boolean guarded, String residualTo) {

        /** The served ensemble: the elites that survived β (null for model-free training). */
        public ProbabilisticEnsemble servedEnsemble() {
            return dynamics == null ? null : dynamics.elites().subset(members);
        }
    }

    /**
     * Trains.
     *
     * @param progress hears each learning-curve point
     * @throws InterruptedException when interrupted while the ensemble trains
     */
    public Result run(Consumer<CurvePoint> progress) throws InterruptedException {
        if (config.planningHorizon() > 0) {
            return runPlanned(progress);
        }
        WeatherSource weather = new SyntheticWeather(config.weatherSeed());
        GreenhouseEnvironment env = new GreenhouseEnvironment(GreenhouseParameters.benchmark(), weather,
                SyntheticWeather.SEASON_START, config.seasonDays());
        SoftActorCritic sac = new SoftActorCritic(PolicyActions.INPUTS, 3, config.sac());
        if (prior != null) {
            sac.startAtZeroAction();
        }
        SplittableRandom rng = new SplittableRandom(config.sac().seed() * 31 + 7);
        ReplayBuffer real = new ReplayBuffer(config.realSteps());
        List<RealStep> history = new ArrayList<>();
        List<CurvePoint> curve = new ArrayList<>();
        collect(env, sac::sample, real, history, config.initialRealSteps(), () -> { });
        TrainedEnsemble trained = null;
        int[] members = new int[0];
        ReplayBuffer model = new ReplayBuffer(MODEL_BUFFER);
        while (env.steps() < config.realSteps()) {
            int steps = (int) Math.min(config.stepsPerIteration(), config.realSteps() - env.steps());
            if (config.modelBased()) {
                trained = trainDynamics(history);
                members = config.dropout().members(eliteErrors(trained));
                ProbabilisticEnsemble ensemble = trained.elites().subset(members);
                double typical = disagreementPercentile(ensemble, history, 0.95);
                rollouts(ensemble, typical, sac, history, model, weather, env.economics(), rng);
                ReplayBuffer.Batch batch = ReplayBuffer.Batch.of(config.sac().batchSize());
                int fromReal = (int) Math.round(config.realShare() * batch.obs().length);
                for (int u = 0; u < config.updates(); u++) {
                    real.sample(fromReal, rng, batch, 0);
                    model.sample(batch.obs().length - fromReal, rng, batch, fromReal);
                    sac.update(batch.obs(), batch.act(), batch.reward(), batch.next(),
                            sac.updates() >= config.criticWarmup());
                }
                collect(env, sac::sample, real, history, steps, () -> { });
            } else {
                collect(env, sac::sample, real, history, steps, realUpdates(sac, real, config.updates(), rng));
            }
            CurvePoint point = new CurvePoint(env.steps(), evaluate(sac.actor()));
            curve.add(point);
            progress.accept(point);
        }
        if (config.modelBased() && trained == null) {
            trained = trainDynamics(history);
            members = config.dropout().members(eliteErrors(trained));
        }
        double threshold = trained == null ? Double.NaN
                : uncertaintyThreshold(trained.elites().subset(members), history);
        return new Result(sac.actor(), trained, members, env.steps(), sac.updates(), curve, threshold, config,
                guard != ControlGuard.NONE, prior == null ? null : prior.name());
    }

    /**
     * Training of a planning controller ({@link PolicyTrainingConfig#planningHorizon} &gt; 0): real steps with the
     * prior (or holding the controls) plus Gaussian exploration of σ {@link PolicyTrainingConfig#PLANNED_EXPLORATION}
     * on each action component; after the first {@code initialRealSteps} and after every {@code stepsPerIteration}
     * more, the ensemble is trained afresh on all real transitions and the {@link EnsemblePlanner} on it (cold
     * start, {@link EnsemblePlanner.Settings#SHIPPED} with the configured horizon, the evaluation season's weather as
     * its forecast) runs one evaluation season for the learning curve. The result has no actor: the planner is the
     * policy.
     */
    private Result runPlanned(Consumer<CurvePoint> progress) throws InterruptedException {
        WeatherSource weather = new SyntheticWeather(config.weatherSeed());
        GreenhouseEnvironment env = new GreenhouseEnvironment(GreenhouseParameters.benchmark(), weather,
                SyntheticWeather.SEASON_START, config.seasonDays());
        SplittableRandom rng = new SplittableRandom(config.sac().seed() * 31 + 7);
        ReplayBuffer real = new ReplayBuffer(config.realSteps());
        List<RealStep> history = new ArrayList<>();
        List<CurvePoint> curve = new ArrayList<>();
        UnaryOperator<double[]> explore = z -> {
            double[] a = new double[GreenhouseDynamics.ACTION.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(-1, Math.min(1, PolicyTrainingConfig.PLANNED_EXPLORATION * rng.nextGaussian()));
            }
            return a;
        };
        collect(env, explore, real, history, config.initialRealSteps(), () -> { });
        while (true) {
            TrainedEnsemble trained = trainDynamics(history);
            int[] members = config.dropout().members(eliteErrors(trained));
            ProbabilisticEnsemble ensemble = trained.elites().subset(members);
            CurvePoint point = new CurvePoint(env.steps(), evaluate(ensemble));
            curve.add(point);
            progress.accept(point);
            if (env.steps() >= config.realSteps()) {
                return new Result(null, trained, members, env.steps(), 0, curve,
                        uncertaintyThreshold(ensemble, history), config, guard != ControlGuard.NONE,
                        prior == null ? null : prior.name());
            }
            int steps = (int) Math.min(config.stepsPerIteration(), config.realSteps() - env.steps());
            collect(env, explore, real, history, steps, () -> { });
        }
    }

    /** The settings of the planner of planning controllers with this configuration's horizon. */
    private EnsemblePlanner.Settings plannerSettings() {
        EnsemblePlanner.Settings shipped = EnsemblePlanner.Settings.SHIPPED;
        return new EnsemblePlanner.Settings(config.planningHorizon(), shipped.samples(), shipped.iterations(),
                shipped.seed());
    }

    /**
     * The net profit of the planner on an ensemble over one season of the nominal simulator with the evaluation
     * weather (also its forecast), behind the guard, € m⁻².
     */
    private double evaluate(ProbabilisticEnsemble ensemble) {
        WeatherSource forecast = new SyntheticWeather(config.evalWeatherSeed());
        GreenhouseEnvironment env = new GreenhouseEnvironment(GreenhouseParameters.benchmark(), forecast,
                SyntheticWeather.SEASON_START, config.seasonDays());
        EnsemblePlanner planner = EnsemblePlanner.of(ensemble, config.dropout(), env.economics(), plannerSettings());
        double profit = 0;
        boolean end = false;
        while (!end) {
            double[] x = PolicyActions.dynamicsPart(env.observation());
            Controls previous = PolicyActions.previous(x);
            ClimateState state = GreenhouseDynamics.climateState(Arrays.copyOf(x, 4));
            Controls planned;
            try {
                planned = planner.plan(x, planner.horizonWeather(x, env.time(), forecast)).controls();
            } catch (ai.onnxruntime.OrtException e) {
                throw new IllegalStateException("a JVM ensemble does not call ONNX Runtime", e);
            }
            GreenhouseEnvironment.Step step = env.step(guard.apply(planned, previous, state,
                    forecast.at(env.time())));
            profit += step.account().reward();
            end = step.seasonEnd();
        }
        return profit;
    }

    private static double uncertaintyThreshold(ProbabilisticEnsemble ensemble, List<RealStep> history) {
        return 3 * disagreementPercentile(ensemble, history, 0.95);
    }

    /** The given percentile of the ensemble's disagreement ({@link MbrlBundle#disagreement}) over real steps. */
    private static double disagreementPercentile(ProbabilisticEnsemble ensemble, List<RealStep> history,
                                                 double percentile) {
        double[][] inputs = history.stream().map(RealStep::dynamicsInput).toArray(double[][]::new);
        EnsemblePrediction p = ensemble.predict(inputs);
        double[] std = ensemble.outputNormalizer().std();
        double[] d = new double[inputs.length];
        for (int n = 0; n < d.length; n++) {
            d[n] = MbrlBundle.disagreement(p, n, std);
        }
        Arrays.sort(d);
        return d[(int) Math.floor(percentile * (d.length - 1))];
    }

    /**
     * The net profit of an actor's deterministic policy over one season of the nominal simulator with the
     * evaluation weather, € m⁻².
     */
    public double evaluate(GaussianMlp actor) {
        GreenhouseEnvironment env = new GreenhouseEnvironment(GreenhouseParameters.benchmark(),
                new SyntheticWeather(config.evalWeatherSeed()), SyntheticWeather.SEASON_START, config.seasonDays());
        GaussianMlp.Workspace ws = actor.newWorkspace();
        double profit = 0;
        boolean end = false;
        while (!end) {
            double[] obs = env.observation();
            double[] a = SoftActorCritic.meanAction(actor, PolicyActions.FEATURES.normalize(obs), ws);
            GreenhouseEnvironment.Step step = env.step(guarded(a, obs, env.time(), env.weather()).controls());
            profit += step.account().reward();
            end = step.seasonEnd();
        }
        return profit;
    }

    /**
     * The controls of an action from a raw observation at a control instant, through the guard, and the action that
     * corresponds to them ({@link PolicyActions#appliedAction}).
     */
    private Applied guarded(double[] action, double[] observation, Instant time, WeatherSource weather) {
        Controls previous = PolicyActions.previous(observation);
        ClimateState state = GreenhouseDynamics.climateState(Arrays.copyOf(observation, 4));
        Weather w = weather.at(time);
        Controls base = prior == null ? previous : prior.behaviour().act(time, state, w, previous);
        Controls requested = prior == null ? PolicyActions.controls(action, previous)
                : PolicyActions.residual(action, base, previous);
        Controls applied = guard.apply(requested, previous, state, w);
        return new Applied(applied, PolicyActions.appliedAction(applied, base, previous, prior != null));
    }

    /** Controls applied and the action, in the policy's terms, that they amount to. */
    private record Applied(Controls controls, double[] action) {
    }

    /**
     * Takes real steps with a behaviour (normalised observation to action), recording each in the replay buffer and
     * the history, and runs {@code afterEachStep} after each.
     */
    private void collect(GreenhouseEnvironment env, UnaryOperator<double[]> behaviour, ReplayBuffer real,
                         List<RealStep> history, int steps, Runnable afterEachStep) {
        for (int i = 0; i < steps; i++) {
            double[] obs = env.observation();
            double[] z = PolicyActions.FEATURES.normalize(obs);
            Applied applied = guarded(behaviour.apply(z), obs, env.time(), env.weather());
            Controls u = applied.controls();
            double[] a = applied.action();
            GreenhouseEnvironment.Step step = env.step(u);
            Instant next = step.time().plus(GreenhouseDynamics.STEP);
            double[] nextObs = PolicyActions.observation(GreenhouseDynamics.state(step.after()), u,
                    GreenhouseDynamics.exogenous(env.weather().at(next)), next);
            real.add(z, a, config.rewardScale() * step.account().reward() - correctionCost(a),
                    PolicyActions.FEATURES.normalize(nextObs));
            history.add(new RealStep(obs, u, step.time(), GreenhouseDynamics.state(step.after())));
            afterEachStep.run();
        }
    }

    /** SAC updates on real samples alone, {@code count} of them once the buffer holds a batch. */
    private Runnable realUpdates(SoftActorCritic sac, ReplayBuffer real, int count, SplittableRandom rng) {
        ReplayBuffer.Batch batch = ReplayBuffer.Batch.of(config.sac().batchSize());
        return () -> {
            for (int k = 0; k < count && real.size() >= batch.obs().length; k++) {
                real.sample(batch.obs().length, rng, batch, 0);
                sac.update(batch.obs(), batch.act(), batch.reward(), batch.next(),
                        sac.updates() >= config.criticWarmup());
            }
        };
    }

    /** What an action's correction costs a residual policy ({@link PolicyTrainingConfig#correctionCost}). */
    private double correctionCost(double[] action) {
        if (prior == null) {
            return 0;
        }
        double sum = 0;
        for (double a : action) {
            sum += a * a;
        }
        return config.correctionCost() * sum;
    }

    private TrainedEnsemble trainDynamics(List<RealStep> history) throws InterruptedException {
        double[][] inputs = new double[history.size()][];
        double[][] changes = new double[history.size()][];
        for (int i = 0; i < history.size(); i++) {
            RealStep s = history.get(i);
            inputs[i] = s.dynamicsInput();
            changes[i] = new double[4];
            for (int j = 0; j < 4; j++) {
                changes[i][j] = s.next()[j] - s.observation()[j];
            }
        }
        return new EnsembleTrainer(config.dynamics()).train(inputs, changes, TrainingProgress.NONE);
    }

    /** The validation errors of the elites, in the elites' order. */
    private static double[] eliteErrors(TrainedEnsemble trained) {
        double[] all = trained.holdoutError();
        return Arrays.stream(trained.eliteIndices()).mapToDouble(k -> all[k]).toArray();
    }

    private void rollouts(ProbabilisticEnsemble ensemble, double typicalDisagreement, SoftActorCritic sac,
                          List<RealStep> history,
                          ReplayBuffer model, WeatherSource weather, GreenhouseEconomics economics,
                          SplittableRandom rng) {
        int n = config.rolloutStarts();
        double[][] obs = new double[n][];
        Instant[] time = new Instant[n];
        for (int b = 0; b < n; b++) {
            RealStep start = history.get(rng.nextInt(history.size()));
            obs[b] = start.observation();
            time[b] = start.time();
        }
        double dt = GreenhouseDynamics.STEP.toSeconds();
        int k = ensemble.size();
        for (int h = 0; h < config.rolloutHorizon(); h++) {
            double[][] z = new double[n][];
            double[][] a = new double[n][];
            Controls[] u = new Controls[n];
            double[][] inputs = new double[n][];
            for (int b = 0; b < n; b++) {
                z[b] = PolicyActions.FEATURES.normalize(obs[b]);
                Applied applied = guarded(sac.sample(z[b]), obs[b], time[b], weather);
                a[b] = applied.action();
                u[b] = applied.controls();
                inputs[b] = RealStep.dynamicsInput(obs[b], u[b]);
            }
            EnsemblePrediction p = ensemble.predict(inputs);
            double[] outputStd = ensemble.outputNormalizer().std();
            double[][] reward = new double[n][k];
            double[][][] nextObs = new double[n][k][];
            for (int b = 0; b < n; b++) {
                Weather w = weather.at(time[b]);
                double pessimism = config.uncertaintyPenalty() * MbrlBundle.disagreement(p, b, outputStd)
                        / typicalDisagreement;
                Instant next = time[b].plus(GreenhouseDynamics.STEP);
                double[] nextExo = GreenhouseDynamics.exogenous(weather.at(next));
                ClimateState before = GreenhouseDynamics.climateState(Arrays.copyOf(obs[b], 4));
                for (int m = 0; m < k; m++) {
                    double[] s = new double[4];
                    for (int j = 0; j < 4; j++) {
                        s[j] = obs[b][j] + p.mean(m, b, j) + Math.sqrt(p.variance(m, b, j)) * rng.nextGaussian();
                    }
                    ClimateState after = GreenhouseDynamics.climateState(s);
                    reward[b][m] = config.rewardScale()
                            * economics.account(before, after, u[b], w.isDaytime(), dt).reward() - correctionCost(a[b])
                            - pessimism;
                    nextObs[b][m] = PolicyActions.observation(GreenhouseDynamics.state(after), u[b], nextExo, next);
                }
            }
            boolean[][] keep = config.dropout().keep(reward);
            for (int b = 0; b < n; b++) {
                List<Integer> kept = new ArrayList<>();
                for (int m = 0; m < k; m++) {
                    if (keep[b][m]) {
                        kept.add(m);
                        model.add(z[b], a[b], reward[b][m], PolicyActions.FEATURES.normalize(nextObs[b][m]));
                    }
                }
                if (kept.isEmpty()) {
                    kept.add(rng.nextInt(k));
                }
                obs[b] = nextObs[b][kept.get(rng.nextInt(kept.size()))];
                time[b] = time[b].plus(GreenhouseDynamics.STEP);
            }
        }
    }

    /**
     * One real step as the ensemble learns it.
     *
     * @param observation the raw policy observation before the step
     * @param controls    the controls applied
     * @param time        the step's control instant
     * @param next        the state after it
     */
    private record RealStep(double[] observation, Controls controls, Instant time, double[] next) {

        double[] dynamicsInput() {
            return dynamicsInput(observation, controls);
        }

        /** State, controls about to be applied, weather: the ensemble's input. */
        static double[] dynamicsInput(double[] observation, Controls controls) {
            double[] x = PolicyActions.dynamicsPart(observation);
            System.arraycopy(GreenhouseDynamics.action(controls), 0, x, 4, 3);
            return x;
        }
    }
}
