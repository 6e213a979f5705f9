/**
 * Reinforcement learning on the project's own networks: {@link dev.plantctl.ml.rl.SoftActorCritic} (a
 * tanh-squashed Gaussian actor, two critics with targets, automatic entropy temperature) on
 * {@link dev.plantctl.ml.nn.GaussianMlp} and {@link dev.plantctl.ml.nn.Adam}, a
 * {@link dev.plantctl.ml.rl.ReplayBuffer}, and {@link dev.plantctl.ml.rl.SampleDropout}, the pessimism of robust
 * model-based RL. Plant-specific training lives beside the plant's model, e.g.
 * {@link dev.plantctl.ml.greenhouse.GreenhousePolicyTraining}.
 */
package dev.plantctl.ml.rl;
