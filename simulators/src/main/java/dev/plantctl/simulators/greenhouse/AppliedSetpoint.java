package dev.plantctl.simulators.greenhouse;

import java.time.Instant;

/**
 * One accepted actuator write as the plant applied it, for scoring a controller's runs: was the value one that an
 * unexpired decision asked for, and when did control resume after an outage.
 *
 * @param compartment   the compartment written
 * @param actuator      the actuator's signal, e.g. {@code heating}
 * @param value         the value applied (from the next step on)
 * @param simulatedTime the plant's simulated time when the write arrived
 * @param wallTime      the wall-clock time when the write arrived
 * @param validUntil    the setpoint validity the plant held for the compartment when it applied the write, or null
 *                      when the controller wrote none
 */
public record AppliedSetpoint(String compartment, String actuator, double value, Instant simulatedTime,
                              Instant wallTime, Instant validUntil) {
}
