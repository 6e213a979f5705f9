package dev.plantctl.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One command for one actuator. A setpoint is only valid until its expiry: a sink never writes an expired
 * setpoint, so that a setpoint replayed after a restore cannot move the plant to a stale decision.
 *
 * @param commandId a unique id, for tracing a write back to its decision
 * @param plant     the plant
 * @param unitId    the plant unit
 * @param actuator  the canonical actuator name, e.g. {@code heating}
 * @param value     the value in {@code unit}; always finite
 * @param unit      the actuator's unit
 * @param issuedAt  the control instant it was decided for (event time)
 * @param expiresAt after this event time it must not be written
 */
public record Setpoint(String commandId, String plant, String unitId, String actuator, double value, String unit,
                       Instant issuedAt, Instant expiresAt) {

    public Setpoint {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(plant, "plant");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(actuator, "actuator");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("setpoint " + unitId + "/" + actuator + " is not finite: " + value);
        }
        if (expiresAt.isBefore(issuedAt)) {
            throw new IllegalArgumentException("setpoint " + commandId + " expires before it is issued");
        }
    }

    /** True when the setpoint may no longer be written at the given event time. */
    public boolean isExpiredAt(Instant now) {
        return now.isAfter(expiresAt);
    }
}
