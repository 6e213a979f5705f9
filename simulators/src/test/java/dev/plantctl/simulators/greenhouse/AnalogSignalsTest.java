package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.models.greenhouse.GreenhouseSignals;
import org.junit.jupiter.api.Test;

class AnalogSignalsTest {

    @Test
    void everySensorHasUnitsAndARangeInTheSignalsOrder() {
        assertThat(AnalogSignals.SENSORS.keySet()).containsExactlyElementsOf(GreenhouseSignals.SENSOR_UNITS.keySet());
        AnalogSignals.SENSORS.values().forEach(spec -> assertThat(spec.low()).isLessThan(spec.high()));
    }

    @Test
    void anActuatorsRangeIsItsLimits() {
        for (Actuator a : Actuator.values()) {
            AnalogSignals.Spec spec = AnalogSignals.actuator(a);
            assertThat(spec.signal()).isEqualTo(a.signal());
            assertThat(spec.range().getLow()).isEqualTo(a.min());
            assertThat(spec.range().getHigh()).isEqualTo(a.max());
        }
    }
}
