package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GreenhouseSignalsTest {

    @Test
    void namesAndAddresses() {
        assertThat(GreenhouseSignals.PLANT).isEqualTo("greenhouse");
        assertThat(GreenhouseSignals.NAMESPACE_URI).isEqualTo("urn:plantctl:sim:greenhouse");
        assertThat(GreenhouseSignals.compartmentId(1)).isEqualTo("c1");
        assertThat(GreenhouseSignals.compartmentId(12)).isEqualTo("c12");
        assertThat(GreenhouseSignals.nodeIdentifier("c2", GreenhouseSignals.CO2)).isEqualTo("c2/co2");
        assertThat(GreenhouseSignals.CONTROL_MODE).isEqualTo("control_mode");
        assertThat(GreenhouseSignals.WATCHDOG_TRIPPED).isEqualTo("watchdog_tripped");
        assertThat(GreenhouseSignals.MODE_REMOTE).isEqualTo("REMOTE");
        assertThat(GreenhouseSignals.MODE_SAFE_DEFAULT).isEqualTo("SAFE_DEFAULT");
        assertThatThrownBy(() -> GreenhouseSignals.compartmentId(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GreenhouseSignals.nodeIdentifier("c1/x", "co2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unitsOfSensorsAndActuators() {
        assertThat(GreenhouseSignals.SENSOR_UNITS).containsExactly(
                Map.entry("air_temperature", "degC"), Map.entry("co2", "ppm"), Map.entry("relative_humidity", "%"),
                Map.entry("radiation", "W/m2"), Map.entry("outside_temperature", "degC"),
                Map.entry("outside_relative_humidity", "%"), Map.entry("crop_dry_weight", "kg/m2"));
        assertThat(GreenhouseSignals.ACTUATOR_UNITS).containsExactly(
                Map.entry("heating", "W/m2"), Map.entry("ventilation", "mm/s"), Map.entry("co2_supply", "mg/m2/s"));
        assertThat(GreenhouseSignals.unit(GreenhouseSignals.HEATING)).isEqualTo("W/m2");
        assertThat(GreenhouseSignals.unit(GreenhouseSignals.AIR_TEMPERATURE)).isEqualTo("degC");
        assertThatThrownBy(() -> GreenhouseSignals.unit(GreenhouseSignals.CONTROL_MODE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("control_mode");
    }

    @Test
    void sensorValuesReadEverySensorThroughTheSensorModels() {
        ClimateState state = ClimateState.benchmarkInitial();
        Weather weather = new Weather(120, 7.8e-4, 4, 5.5e-3);
        Map<String, Double> values = GreenhouseSignals.sensorValues(state, weather);

        assertThat(values.keySet()).containsExactlyElementsOf(GreenhouseSignals.SENSOR_UNITS.keySet());
        assertThat(values).containsEntry(GreenhouseSignals.AIR_TEMPERATURE, 15.0)
                .containsEntry(GreenhouseSignals.CO2, ClimateSensors.co2Ppm(0.001, 15))
                .containsEntry(GreenhouseSignals.RELATIVE_HUMIDITY, ClimateSensors.relativeHumidity(0.008, 15))
                .containsEntry(GreenhouseSignals.RADIATION, 120.0)
                .containsEntry(GreenhouseSignals.OUTSIDE_TEMPERATURE, 4.0)
                .containsEntry(GreenhouseSignals.OUTSIDE_RELATIVE_HUMIDITY,
                        ClimateSensors.relativeHumidity(5.5e-3, 4))
                .containsEntry(GreenhouseSignals.CROP_DRY_WEIGHT, 0.0035);
    }
}
