package dev.plantctl.models.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hotend's open-loop step response against the time constant C / h of Marlin's MPC model. */
class HotendThermalTest {

    private static final HotendParameters MPC = HotendParameters.MARLIN_MPC_DEFAULTS;

    @Test
    void referenceTimeConstantsFollowFromCapacityOverLoss() {
        assertThat(MPC.timeConstantS(0)).isCloseTo(16.7 / 0.068, within(1e-9)).isCloseTo(245.6, within(0.1));
        assertThat(MPC.timeConstantS(1)).isCloseTo(16.7 / 0.097, within(1e-9)).isCloseTo(172.2, within(0.1));
    }

    @Test
    void holdingPowerMatchesTheReference() {
        assertThat(MPC.holdingPowerW(210, 0, 0)).isBetween(12.5, 12.7);
        assertThat(MPC.holdingPowerW(210, 1, 0)).isBetween(17.8, 18.0);
        double filamentMmS = 15 / ExtruderParameters.DEFAULTS.nominalFilamentArea();
        assertThat(MPC.holdingPowerW(210, 0, filamentMmS) - MPC.holdingPowerW(210, 0, 0)).isBetween(6.3, 6.7);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1})
    void stepResponseHasTheReferenceTimeConstantWithinTenPercent(double fan) {
        double reference = MPC.heatCapacityJK() / MPC.lossAt(fan);
        double heaterW = 10;
        double rise = heaterW / MPC.lossAt(fan);
        HotendThermal hotend = new HotendThermal(MPC);
        double dt = 0.05;
        double t = 0;
        double blockT63 = Double.NaN;
        double sensorT63 = Double.NaN;
        double threshold = MPC.ambientC() + (1 - Math.exp(-1)) * rise;
        while (Double.isNaN(sensorT63)) {
            hotend.step(dt, heaterW, fan, 0);
            t += dt;
            if (Double.isNaN(blockT63) && hotend.blockC() >= threshold) {
                blockT63 = t;
            }
            if (hotend.thermistorC() >= threshold) {
                sensorT63 = t;
            }
        }
        assertThat(blockT63).isCloseTo(reference, within(0.10 * reference));
        assertThat(blockT63).isCloseTo(reference, within(0.1));
        assertThat(sensorT63).isCloseTo(reference, within(0.10 * reference)).isGreaterThan(blockT63);
        assertThat(sensorT63 - blockT63).isCloseTo(1 / MPC.sensorRate(), within(0.5));
    }

    @Test
    void aDetachedThermistorReadsFarTooLow() {
        HotendThermal hotend = new HotendThermal(MPC);
        for (int i = 0; i < 12_000; i++) {
            hotend.step(0.25, MPC.holdingPowerW(210, 0, 0), 0, 0);
        }
        assertThat(hotend.thermistorC()).isCloseTo(210, within(0.5));
        hotend.detachThermistor();
        for (int i = 0; i < 400; i++) {
            hotend.step(0.25, MPC.holdingPowerW(210, 0, 0), 0, 0);
        }
        assertThat(hotend.blockC()).isCloseTo(210, within(0.5));
        assertThat(hotend.thermistorC()).isLessThan(100);
    }
}
