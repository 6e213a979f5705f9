package dev.plantctl.simulators.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineeringUnitsTest {

    @Test
    void uneceUnitIdsFollowPart8() {
        assertThat(EngineeringUnits.unece("CEL", "°C", "degree Celsius").getUnitId()).isEqualTo(4408652);
        assertThat(EngineeringUnits.unece("59", "ppm", "part per million").getUnitId()).isEqualTo(0x3539);
        assertThat(EngineeringUnits.PERCENT.getUnitId()).isEqualTo(20529);
        assertThat(EngineeringUnits.WATT_PER_M2.getUnitId()).isEqualTo(0x443534);
        assertThat(EngineeringUnits.MILLIMETRE.getUnitId()).isEqualTo(0x4D4D54);
        assertThat(EngineeringUnits.CELSIUS.getNamespaceUri())
                .isEqualTo("http://www.opcfoundation.org/UA/units/un/cefact");
        assertThatThrownBy(() -> EngineeringUnits.unece("ABCD", "?", "?"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
