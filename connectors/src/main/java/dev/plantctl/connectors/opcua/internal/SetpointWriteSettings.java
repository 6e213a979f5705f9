package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.SetpointRetryPolicy;
import dev.plantctl.policy.IdentityPolicy;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the setpoint writer writes, validated by the sink.
 *
 * @param retry             which Bad results are written again
 * @param readBackTimeout   how long a written value may take to show on its node; {@code null}: no read-back
 * @param readBackTolerance the largest difference between the value read back and the setpoint
 * @param plantClockNode    the node that tells the plant's time (node id text), read before each decision's write to
 *                          drop setpoints the plant has already left behind; {@code null}: expiry is judged by the
 *                          watermark alone
 * @param validUntilNode    the node template ({@code {unit}} replaced by the decision's unit) of the plant's setpoint
 *                          validity, written with each decision's setpoints in the same request so that the plant
 *                          itself refuses them once its time passed their expiry; {@code null}: not written
 * @param policy            what the sink's identity may write: every setpoint passes the write policy gate first
 * @param clockLead         without a plant clock, how far past the watermark a setpoint's issue time may count for
 *                          the gate's rates (a decision reaches the sink before the watermark that closed its period)
 */
public record SetpointWriteSettings(SetpointRetryPolicy retry, Duration readBackTimeout, double readBackTolerance,
                                    String plantClockNode, String validUntilNode, IdentityPolicy policy,
                                    Duration clockLead) implements Serializable {

    /** The default clock lead: one greenhouse control period. */
    public static final Duration DEFAULT_CLOCK_LEAD = Duration.ofMinutes(15);

    public SetpointWriteSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clockLead, "clockLead");
    }

    /** The default retry policy, no read-back, no plant clock, the given write policy. */
    public static SetpointWriteSettings defaults(IdentityPolicy policy) {
        return new SetpointWriteSettings(SetpointRetryPolicy.defaults(), null, 0, null, null, policy,
                DEFAULT_CLOCK_LEAD);
    }

    public SetpointWriteSettings withRetry(SetpointRetryPolicy retryPolicy) {
        return new SetpointWriteSettings(retryPolicy, readBackTimeout, readBackTolerance, plantClockNode,
                validUntilNode, policy, clockLead);
    }

    public SetpointWriteSettings withReadBack(Duration timeout, double tolerance) {
        return new SetpointWriteSettings(retry, timeout, tolerance, plantClockNode, validUntilNode, policy, clockLead);
    }

    public SetpointWriteSettings withPlantClock(String node) {
        return new SetpointWriteSettings(retry, readBackTimeout, readBackTolerance, node, validUntilNode, policy,
                clockLead);
    }

    public SetpointWriteSettings withValidUntil(String nodeTemplate) {
        return new SetpointWriteSettings(retry, readBackTimeout, readBackTolerance, plantClockNode, nodeTemplate,
                policy, clockLead);
    }

    public SetpointWriteSettings withClockLead(Duration lead) {
        return new SetpointWriteSettings(retry, readBackTimeout, readBackTolerance, plantClockNode, validUntilNode,
                policy, lead);
    }

    /** The validity node of a unit, or null when none is written. */
    public String validUntilNodeOf(String unitId) {
        return validUntilNode == null ? null : validUntilNode.replace("{unit}", unitId);
    }
}
