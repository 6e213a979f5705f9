package dev.plantctl.connectors.opcua;

import dev.plantctl.core.Setpoint;

import java.util.Objects;

/**
 * A setpoint the OPC UA setpoint sink could not confirm, as it goes to the sink's error output.
 *
 * @param setpoint   the setpoint, with its command id and expiry
 * @param endpoint   the server it was written to
 * @param reason     why it counts as not written
 * @param statusCode the OPC UA status of the last write (REFUSED) or of the last read-back (READ_BACK_MISMATCH)
 * @param status     that status in words, e.g. {@code Bad_OutOfRange}
 * @param readBack   the value last read back, or {@code null} when none was read or it was no number
 * @param attempts   how many writes were made (0 when the setpoint never left the sink)
 * @param detail     why, in words an operator understands (for POLICY the write policy's reason, naming its line)
 */
public record RejectedSetpoint(Setpoint setpoint, String endpoint, Reason reason, long statusCode, String status,
                               Double readBack, int attempts, String detail) {

    /** Why a setpoint counts as not written. */
    public enum Reason {
        /** The server answered the write with a Bad status (after the retries the policy allows). */
        REFUSED,
        /** The write was Good but the node did not show the value within the read-back timeout. */
        READ_BACK_MISMATCH,
        /**
         * The write policy refused it before any write; {@code status} names the rule that fired (e.g.
         * {@code rate}), {@code detail} why.
         */
        POLICY,
        /** No node of the plant is bound to its actuator (the tag map has none); never written. */
        NO_NODE
    }

    public RejectedSetpoint {
        Objects.requireNonNull(setpoint, "setpoint");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }
}
