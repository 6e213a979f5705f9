package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.SetpointRetryPolicy;

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
 */
public record SetpointWriteSettings(SetpointRetryPolicy retry, Duration readBackTimeout, double readBackTolerance,
                                    String plantClockNode, String validUntilNode) implements Serializable {

    public SetpointWriteSettings {
        Objects.requireNonNull(retry, "retry");
    }

    /** The default retry policy, no read-back, no plant clock. */
    public static SetpointWriteSettings defaults() {
        return new SetpointWriteSettings(SetpointRetryPolicy.defaults(), null, 0, null, null);
    }

    public SetpointWriteSettings withRetry(SetpointRetryPolicy policy) {
        return new SetpointWriteSettings(policy, readBackTimeout, readBackTolerance, plantClockNode, validUntilNode);
    }

    public SetpointWriteSettings withReadBack(Duration timeout, double tolerance) {
        return new SetpointWriteSettings(retry, timeout, tolerance, plantClockNode, validUntilNode);
    }

    public SetpointWriteSettings withPlantClock(String node) {
        return new SetpointWriteSettings(retry, readBackTimeout, readBackTolerance, node, validUntilNode);
    }

    public SetpointWriteSettings withValidUntil(String nodeTemplate) {
        return new SetpointWriteSettings(retry, readBackTimeout, readBackTolerance, plantClockNode, nodeTemplate);
    }

    /** The validity node of a unit, or null when none is written. */
    public String validUntilNodeOf(String unitId) {
        return validUntilNode == null ? null : validUntilNode.replace("{unit}", unitId);
    }
}
