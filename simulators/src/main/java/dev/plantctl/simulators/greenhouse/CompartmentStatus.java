package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A consistent snapshot of one compartment at one simulated instant.
 *
 * @param compartment     the compartment id, e.g. {@code c1}
 * @param time            the simulated instant of the snapshot
 * @param state           the climate state at that instant
 * @param controls        the actuator values that the next step applies
 * @param weather         the weather outside at that instant
 * @param mode            who drives the actuators
 * @param watchdogTripped true when the watchdog tripped and has not been cleared by a new setpoint
 * @param lastSetpoint    the simulated instant of the last accepted setpoint, {@code null} before the first
 */
public record CompartmentStatus(String compartment, Instant time, ClimateState state, Controls controls,
                                Weather weather, ControlMode mode, boolean watchdogTripped, Instant lastSetpoint) {

    public CompartmentStatus {
        Objects.requireNonNull(compartment, "compartment");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(controls, "controls");
        Objects.requireNonNull(weather, "weather");
        Objects.requireNonNull(mode, "mode");
    }

    /** Every sensor's reading, keyed by tag, as {@link GreenhouseSignals#sensorValues} gives them. */
    public Map<String, Double> sensorValues() {
        return GreenhouseSignals.sensorValues(state, weather);
    }

    /** The last accepted setpoint's simulated instant, empty before the first. */
    public Optional<Instant> lastSetpointTime() {
        return Optional.ofNullable(lastSetpoint);
    }
}
