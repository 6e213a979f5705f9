package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.models.greenhouse.GreenhouseSignals;
import org.junit.jupiter.api.Test;

class AnalogSignalsTest {

    @Test
    void uneceUnitIdsFollowPart8() {
        assertThat(AnalogSignals.unece("CEL", "°C", "degree Celsius").getUnitId()).isEqualTo(4408652);
        assertThat(AnalogSignals.unece("59", "ppm", "part per million").getUnitId()).isEqualTo(0x3539);
        assertThat(AnalogSignals.unece("P1", "%", "percent").getUnitId()).isEqualTo(20529);
        assertThat(AnalogSignals.unece("D54", "W/m²", "watt per square metre").getUnitId()).isEqualTo(0x443534);
        assertThat(AnalogSignals.unece("CEL", "°C", "degree Celsius").getNamespaceUri())
                .isEqualTo("http://www.opcfoundation.org/UA/units/un/cefact");
    }

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
