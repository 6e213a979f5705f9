package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClimateSensorsTest {

    @Test
    void referenceOutdoorCo2IsAbout400PpmAt25DegC() {
        // 7.2e-4 kg/m3 is the reference's "about 400 ppm": exactly so near 25 degC.
        assertThat(ClimateSensors.co2Ppm(7.2e-4, 25)).isCloseTo(400, within(1.0));
        assertThat(ClimateSensors.co2Ppm(0.001, 15)).isCloseTo(537.3, within(0.1));
    }

    @Test
    void co2RoundTripsThroughItsInverse() {
        for (double temp = -10; temp <= 40; temp += 5) {
            for (double ppm : new double[] {0, 400, 800, 1600, 5000}) {
                double kg = ClimateSensors.co2KgM3(ppm, temp);
                assertThat(ClimateSensors.co2Ppm(kg, temp)).isCloseTo(ppm, within(1e-9 * Math.max(1, ppm)));
            }
        }
    }

    @Test
    void relativeHumidityRoundTripsThroughItsInverse() {
        for (double temp = -10; temp <= 40; temp += 5) {
            for (double rh = 0; rh <= 100; rh += 12.5) {
                double kg = ClimateSensors.absoluteHumidity(rh, temp);
                assertThat(ClimateSensors.relativeHumidity(kg, temp)).isCloseTo(rh, within(1e-9));
            }
        }
    }

    @Test
    void relativeHumidityMatchesAHandValueAndIsCappedAt100() {
        // 0.008 kg/m3 at 15 degC: p_sat = 1698.33 Pa, RH = 100 * 8.3144598 * 288.15 * 0.008 / (0.01801528 * 1698.33)
        assertThat(ClimateSensors.saturationPressure(15)).isCloseTo(1698.33, within(0.01));
        assertThat(ClimateSensors.relativeHumidity(0.008, 15)).isCloseTo(62.644, within(0.001));
        assertThat(ClimateSensors.relativeHumidity(ClimateSensors.absoluteHumidity(130, 20), 20)).isEqualTo(100);
        assertThat(ClimateSensors.relativeHumidity(1.0, 20)).isEqualTo(100);
    }

    @Test
    void rejectsNegativeAmountsAndNonFiniteInputs() {
        assertThatThrownBy(() -> ClimateSensors.co2KgM3(-1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClimateSensors.absoluteHumidity(-1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClimateSensors.co2Ppm(7e-4, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature");
    }
}
