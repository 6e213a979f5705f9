package dev.plantctl.controllers.greenhouse;

import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.util.function.ToDoubleFunction;

/** The three greenhouse actuators with their canonical names, units and ranges (all start at 0). */
enum Actuator {
    HEATING(GreenhouseSignals.HEATING, "W/m²", Controls.HEATING_MAX, 0, Controls::heating),
    VENTILATION(GreenhouseSignals.VENTILATION, "mm/s", Controls.VENTILATION_MAX, 2, Controls::ventilation),
    CO2_SUPPLY(GreenhouseSignals.CO2_SUPPLY, "mg/m²/s", Controls.CO2_SUPPLY_MAX, 2, Controls::co2Supply);

    /** The canonical actuator name, as in setpoints and explanations. */
    final String tag;
    /** The unit as printed in texts for operators. */
    final String displayUnit;
    /** The upper bound; the lower bound is 0. */
    final double max;
    private final int decimals;
    private final ToDoubleFunction<Controls> getter;

    Actuator(String tag, String displayUnit, double max, int decimals, ToDoubleFunction<Controls> getter) {
        this.tag = tag;
        this.displayUnit = displayUnit;
        this.max = max;
        this.decimals = decimals;
        this.getter = getter;
    }

    /** This actuator's value in the given controls. */
    double of(Controls controls) {
        return getter.applyAsDouble(controls);
    }

    /** The value with its unit, e.g. {@code 39 W/m²}. */
    String format(double value) {
        return Words.num(value, decimals) + " " + displayUnit;
    }

    /** Controls from one value per actuator, indexed by {@link #ordinal()}. */
    static Controls controls(double[] values) {
        return new Controls(values[CO2_SUPPLY.ordinal()], values[VENTILATION.ordinal()], values[HEATING.ordinal()]);
    }
}
