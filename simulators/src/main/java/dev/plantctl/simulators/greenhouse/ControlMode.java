package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.GreenhouseSignals;

/**
 * Who drives a compartment's actuators. Published on the {@value GreenhouseSignals#CONTROL_MODE} node as
 * {@link #signalValue()}.
 */
public enum ControlMode {

    /** The actuators follow the setpoints written by a remote controller. */
    REMOTE(GreenhouseSignals.MODE_REMOTE),

    /**
     * The actuators are at the safe defaults: no controller has written yet, or the watchdog tripped because
     * setpoints stopped arriving. The next accepted setpoint returns the compartment to {@link #REMOTE}.
     */
    SAFE_DEFAULT(GreenhouseSignals.MODE_SAFE_DEFAULT);

    private final String signalValue;

    ControlMode(String signalValue) {
        this.signalValue = signalValue;
    }

    /** The value of the status node: {@code REMOTE} or {@code SAFE_DEFAULT}. */
    public String signalValue() {
        return signalValue;
    }
}
