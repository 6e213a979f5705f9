/**
 * The actuator write policy and its gate: which controller identity may write which actuator or G-code command,
 * within which values, how fast, for how long, and what needs an operator's approval ({@code policy/README.md}).
 *
 * <p>{@link dev.plantctl.policy.WritePolicy} reads the policy file; {@link dev.plantctl.policy.SetpointGate} and
 * {@link dev.plantctl.policy.GcodeGate} judge each write against it and say, for each refusal, which rule fired
 * ({@link dev.plantctl.policy.Refusal}). Plain Java, no Flink: the sinks in {@code connectors} and the jobs call
 * the gates before any write, so no controller reaches a plant without passing them.
 */
package dev.plantctl.policy;
