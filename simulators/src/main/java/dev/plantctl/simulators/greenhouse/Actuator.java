package dev.plantctl.simulators.greenhouse;

import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;

/**
 * The three actuators of a greenhouse compartment, with their tags from {@link GreenhouseSignals} and their
 * limits from {@link Controls}. Every actuator ranges from 0 to its maximum; a value outside that range, NaN or
 * infinite is never applied.
 */
public enum Actuator {

    /** Heating power, W/m2, 0 … {@value Controls#HEATING_MAX}. */
    HEATING(GreenhouseSignals.HEATING, Controls.HEATING_MAX),
    /** Ventilation rate, mm/s, 0 … {@value Controls#VENTILATION_MAX}. */
    VENTILATION(GreenhouseSignals.VENTILATION, Controls.VENTILATION_MAX),
    /** CO₂ supply, mg/m2/s, 0 … {@value Controls#CO2_SUPPLY_MAX}. */
    CO2_SUPPLY(GreenhouseSignals.CO2_SUPPLY, Controls.CO2_SUPPLY_MAX);

    private final String signal;
    private final double max;

    Actuator(String signal, double max) {
        this.signal = signal;
        this.max = max;
    }

    /** The canonical tag, e.g. {@code heating}. */
    public String signal() {
        return signal;
    }

    /** The canonical unit, e.g. {@code W/m2}. */
    public String unit() {
        return GreenhouseSignals.unit(signal);
    }

    /** The lowest value the actuator accepts: 0. */
    public double min() {
        return 0;
    }

    /** The highest value the actuator accepts. */
    public double max() {
        return max;
    }

    /** True when the value is finite and within [{@link #min()}, {@link #max()}]. */
    public boolean accepts(double value) {
        return Double.isFinite(value) && value >= min() && value <= max;
    }

    /** This actuator's value in the given controls. */
    public double of(Controls controls) {
        return switch (this) {
            case HEATING -> controls.heating();
            case VENTILATION -> controls.ventilation();
            case CO2_SUPPLY -> controls.co2Supply();
        };
    }

    /** The given controls with this actuator set to {@code value}. */
    public Controls with(Controls controls, double value) {
        return switch (this) {
            case HEATING -> new Controls(controls.co2Supply(), controls.ventilation(), value);
            case VENTILATION -> new Controls(controls.co2Supply(), value, controls.heating());
            case CO2_SUPPLY -> new Controls(value, controls.ventilation(), controls.heating());
        };
    }
}
