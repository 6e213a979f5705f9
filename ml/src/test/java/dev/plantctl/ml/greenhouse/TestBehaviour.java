package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.ClimateSensors;
import dev.plantctl.models.greenhouse.Controls;

/**
 * A plain proportional climate controller for tests of this module (which cannot see the controllers module):
 * heat below 17.5 °C by day and 12.5 °C at night, vent 2 °C above that, dose CO₂ up to 900 ppm in light.
 */
final class TestBehaviour {

    private TestBehaviour() {
    }

    static final GreenhouseBehaviour PROPORTIONAL = (time, state, weather, previous) -> {
        double heatingSetpoint = weather.isDaytime() ? 17.5 : 12.5;
        double heating = Math.max(0, 40 * (heatingSetpoint - state.temperature()));
        double ventilation = Math.max(0, 2.5 * (state.temperature() - heatingSetpoint - 2));
        double ppm = ClimateSensors.co2Ppm(state.co2(), state.temperature());
        double co2 = weather.isDaytime() && ventilation < 1.5 ? Math.max(0, 0.004 * (900 - ppm)) : 0;
        return new Controls(Math.min(co2, Controls.CO2_SUPPLY_MAX), Math.min(ventilation, Controls.VENTILATION_MAX),
                Math.min(heating, Controls.HEATING_MAX));
    };
}
