package dev.plantctl.ml.rl;

import dev.plantctl.ml.nn.Adam;
import dev.plantctl.ml.nn.GaussianMlp;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Soft actor-critic (Haarnoja et al. 2018) with a tanh-squashed Gaussian policy, two critics with Polyak-averaged
 * targets (clipped double Q) and an automatically tuned entropy temperature α (target entropy −|A|), on
 * {@link GaussianMlp} networks trained with {@link Adam}.
 *
 * <p>The actor is a {@link GaussianMlp} whose mean head gives the pre-squash mean μ and whose log-variance head
 * gives s = log σ²; an action is {@code a = tanh(μ + σ·ε)}, ε ~ N(0, I), so every action lies in (−1, 1)
 * component-wise. The critics take the normalised observation followed by the action and use only their mean
 * head. Observations come in normalised (the caller owns the normaliser).
 *
 * <p>Not thread-safe. Deterministic for a seed and a sequence of calls.
 */
public final class SoftActorCritic {

    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double SQUASH_EPS = 1e-6;

    private final SacConfig config;
    private final int features;
    private final int actions;
    private final Trained actor;
    private final Trained q1;
    private final Trained q2;
    private double[] q1Target;
    private double[] q2Target;
    private final Adam alphaOptimiser;
    private final double[] logAlpha = new double[1];
    private final SplittableRandom rng;
    private long updates;

    /**
     * @param features observation features (normalised), ≥ 1
     * @param actions  action components, ≥ 1
     * @param config   the hyperparameters
     */
    public SoftActorCritic(int features, int actions, SacConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.features = features;
        this.actions = actions;
        this.rng = new SplittableRandom(config.seed());
        this.actor = new Trained(GaussianMlp.initialized(features, config.hidden(), actions, rng.split()), config);
        this.q1 = new Trained(GaussianMlp.initialized(features + actions, config.hidden(), 1, rng.split()), config);
        this.q2 = new Trained(GaussianMlp.initialized(features + actions, config.hidden(), 1, rng.split()), config);
        this.q1Target = q1.params.clone();
        this.q2Target = q2.params.clone();
        this.logAlpha[0] = Math.log(config.initialAlpha());
        this.alphaOptimiser = new Adam(1, config.learningRate(), 0, null);
    }

    /**
     * Zeroes the actor's mean head, so that its mean action is 0 for every observation until it learns otherwise
     * (for a residual policy: it starts at its prior). The log-variance head, and so exploration, is unchanged.
     */
    public void startAtZeroAction() {
        int head = config.hidden().length;
        int from = 0;
        for (int l = 0; l < head; l++) {
            GaussianMlp.Dense layer = actor.network.layer(l);
            from += layer.weights().length + layer.bias().length;
        }
        GaussianMlp.Dense mean = actor.network.layer(head);
        Arrays.fill(actor.params, from, from + mean.weights().length + mean.bias().length, 0);
        actor.network = actor.network.withParameters(actor.params);
    }

    /** The hyperparameters. */
    public SacConfig config() {
        return config;
    }

    /** The current actor network. */
    public GaussianMlp actor() {
        return actor.network;
    }

    /** The entropy temperature α. */
    public double alpha() {
        return Math.exp(logAlpha[0]);
    }

    /** Gradient updates done so far. */
    public long updates() {
        return updates;
    }

    /** A stochastic action for exploration: {@code tanh(μ + σ·ε)}. */
    public double[] sample(double[] observation) {
        return draw(actor.network, actor.workspace, observation).action;
    }

    /** The deterministic action of the policy, {@code tanh(μ)}: what a controller applies. */
    public double[] meanAction(double[] observation) {
        return meanAction(actor.network, observation, actor.workspace);
    }

    /** The deterministic action {@code tanh(μ)} of an actor network for a normalised observation. */
    public static double[] meanAction(GaussianMlp actor, double[] observation, GaussianMlp.Workspace ws) {
        double[] mu = new double[actor.outputs()];
        actor.forward(observation, mu, new double[actor.outputs()], ws);
        for (int i = 0; i < mu.length; i++) {
            mu[i] = Math.tanh(mu[i]);
        }
        return mu;
    }

    /**
     * One update of both critics, the actor and α on a batch of transitions.
     *
     * @param obs     normalised observations, B × features
     * @param act     actions taken, B × actions, each in (−1, 1)
     * @param reward  rewards, B
     * @param nextObs normalised next observations, B × features
     * @return the critics' mean squared TD error of this batch
     */
    public double update(double[][] obs, double[][] act, double[] reward, double[][] nextObs) {
        return update(obs, act, reward, nextObs, true);
    }

    /**
     * One update of both critics and, when {@code improveActor}, of the actor and α: with {@code false} the critics
     * learn the value of the current actor (policy evaluation) while the actor stays as it is.
     *
     * @see #update(double[][], double[][], double[], double[][])
     */
    public double update(double[][] obs, double[][] act, double[] reward, double[][] nextObs, boolean improveActor) {
        int b = obs.length;
        double alpha = alpha();
        double[] target = new double[b];
        GaussianMlp q1t = q1.network.withParameters(q1Target);
        GaussianMlp q2t = q2.network.withParameters(q2Target);
        GaussianMlp.Workspace wt = q1t.newWorkspace();
        double[] out = new double[1];
        double[] lv = new double[1];
        for (int i = 0; i < b; i++) {
            Draw next = draw(actor.network, actor.workspace, nextObs[i]);
            double[] x = concat(nextObs[i], next.action);
            q1t.forward(x, out, lv, wt);
            double v1 = out[0];
            q2t.forward(x, out, lv, wt);
            target[i] = reward[i] + config.gamma() * (Math.min(v1, out[0]) - alpha * next.logProb);
        }
        double tdError = 0;
        for (Trained q : new Trained[] {q1, q2}) {
            double[] grad = new double[q.params.length];
            for (int i = 0; i < b; i++) {
                double[] x = concat(obs[i], act[i]);
                q.network.forward(x, out, lv, q.workspace);
                double err = out[0] - target[i];
                tdError += err * err / 2;
                q.network.backward(x, new double[] {err / b}, null, grad, null, q.workspace);
            }
            q.step(grad);
        }
        if (improveActor) {
            improveActor(obs, alpha);
        }
        q1Target = polyak(q1Target, q1.params);
        q2Target = polyak(q2Target, q2.params);
        updates++;
        return tdError / (2.0 * b);
    }

    private void improveActor(double[][] obs, double alpha) {
        int b = obs.length;
        double[] out = new double[1];
        double[] lv = new double[1];
        double[] actorGrad = new double[actor.params.length];
        double[] dInput = new double[features + actions];
        double[] dMean = new double[actions];
        double[] dLogVar = new double[actions];
        double entropyGrad = 0;
        for (int i = 0; i < b; i++) {
            Draw d = draw(actor.network, actor.workspace, obs[i]);
            double[] x = concat(obs[i], d.action);
            q1.network.forward(x, out, lv, q1.workspace);
            double v1 = out[0];
            q2.network.forward(x, out, lv, q2.workspace);
            Trained lower = v1 <= out[0] ? q1 : q2;
            lower.network.backward(x, new double[] {1}, null, null, dInput, lower.workspace);
            for (int j = 0; j < actions; j++) {
                double a = d.action[j];
                double g = dInput[features + j];
                double slope = 1 - a * a;
                dMean[j] = (alpha * 2 * a - g * slope) / b;
                dLogVar[j] = (alpha * (-0.5 + a * d.eps[j] * d.sigma[j]) - g * slope * d.eps[j] * d.sigma[j] / 2) / b;
            }
            actor.network.backward(obs[i], dMean, dLogVar, actorGrad, null, actor.workspace);
            entropyGrad += -(d.logProb - actions) / b;
        }
        actor.step(actorGrad);
        alphaOptimiser.step(logAlpha, new double[] {entropyGrad});
    }

    private double[] polyak(double[] target, double[] source) {
        double t = config.tau();
        for (int i = 0; i < target.length; i++) {
            target[i] = (1 - t) * target[i] + t * source[i];
        }
        return target;
    }

    private Draw draw(GaussianMlp network, GaussianMlp.Workspace ws, double[] observation) {
        double[] mu = new double[actions];
        double[] logVar = new double[actions];
        network.forward(observation, mu, logVar, ws);
        double[] eps = new double[actions];
        double[] sigma = new double[actions];
        double[] a = new double[actions];
        double logProb = 0;
        for (int j = 0; j < actions; j++) {
            eps[j] = rng.nextGaussian();
            sigma[j] = Math.exp(logVar[j] / 2);
            a[j] = Math.tanh(mu[j] + sigma[j] * eps[j]);
            logProb += -0.5 * eps[j] * eps[j] - 0.5 * logVar[j] - 0.5 * LOG_2PI - Math.log(1 - a[j] * a[j] + SQUASH_EPS);
        }
        return new Draw(a, eps, sigma, logProb);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A reparameterised draw: the squashed action, its noise, σ and the log density of the action. */
    private record Draw(double[] action, double[] eps, double[] sigma, double logProb) {
    }

    /** A network with its live parameters, its optimiser and its scratch space. */
    private static final class Trained {
        private GaussianMlp network;
        private final double[] params;
        private final Adam adam;
        private final GaussianMlp.Workspace workspace;

        Trained(GaussianMlp network, SacConfig config) {
            this.network = network;
            this.params = network.parameters();
            this.adam = new Adam(params.length, config.learningRate(), 0, null);
            this.workspace = network.newWorkspace();
        }

        void step(double[] grad) {
            adam.step(params, grad);
            network = network.withParameters(params);
        }
    }
}
