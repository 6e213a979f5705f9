package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GreenhouseEconomicsTest {

    private static final GreenhouseEconomics ECONOMICS =
            new GreenhouseEconomics(EconomicPrices.benchmark(), ComfortBand.benchmark());
    private static final ClimateState BEFORE = ClimateState.benchmarkInitial();
    private static final double EPS = 1e-12;

    @Test
    void accountsOneDayStepByHand() {
        // 21 degC by day (1 degC above 20), 1700 ppm (100 above 1600), 85 % RH (5 above 80).
        ClimateState after = new ClimateState(0.0036, ClimateSensors.co2KgM3(1700, 21), 21,
                ClimateSensors.absoluteHumidity(85, 21));
        StepAccount a = ECONOMICS.account(BEFORE, after, new Controls(0.6, 2.0, 50), true, 900);

        assertThat(a.cropValueEur()).isCloseTo(1e-4 * 22.285125, within(EPS));     // 2.2285125e-3
        assertThat(a.co2CostEur()).isCloseTo(540e-6 * 0.1906, within(EPS));        // 0.6 mg/m2/s * 900 s = 540 mg
        assertThat(a.heatingCostEur()).isCloseTo(0.0125 * 0.1281, within(EPS));   // 50 W/m2 * 900 s = 0.0125 kWh
        assertThat(a.tempViolationDegC()).isCloseTo(1, within(1e-9));
        assertThat(a.co2ViolationPpm()).isCloseTo(100, within(1e-9));
        assertThat(a.rhViolationPct()).isCloseTo(5, within(1e-9));
        assertThat(a.penaltyEur()).isCloseTo(1 * 5e-3 + 100 * 5e-5 + 5 * 7e-4, within(EPS)); // 0.0135
        assertThat(a.reward()).isCloseTo(2.2285125e-3 - 1.02924e-4 - 1.60125e-3 - 0.0135, within(EPS));
    }

    @Test
    void usesTheNightBandAndChargesBelowTheBandAtItsOwnPrice() {
        // 8 degC, 450 ppm (50 below 500), 70 % RH (inside).
        ClimateState after = new ClimateState(0.00349, ClimateSensors.co2KgM3(450, 8), 8,
                ClimateSensors.absoluteHumidity(70, 8));
        StepAccount night = ECONOMICS.account(BEFORE, after, Controls.OFF, false, 900);
        StepAccount day = ECONOMICS.account(BEFORE, after, Controls.OFF, true, 900);

        assertThat(night.tempViolationDegC()).isCloseTo(2, within(1e-9));          // night band 10-15
        assertThat(day.tempViolationDegC()).isCloseTo(7, within(1e-9));            // day band 15-20
        assertThat(night.co2ViolationPpm()).isCloseTo(50, within(1e-9));
        assertThat(night.rhViolationPct()).isZero();
        assertThat(night.penaltyEur()).isCloseTo(2 * 3e-3 + 50 * 5e-5, within(EPS));
        assertThat(night.cropValueEur()).isNegative();
        assertThat(night.co2CostEur()).isZero();
        assertThat(night.heatingCostEur()).isZero();
    }

    @Test
    void noPenaltyInsideTheBand() {
        ClimateState inside = new ClimateState(0.0035, ClimateSensors.co2KgM3(800, 17), 17,
                ClimateSensors.absoluteHumidity(70, 17));
        StepAccount a = ECONOMICS.account(BEFORE, inside, Controls.OFF, true, 900);
        assertThat(a.penaltyEur()).isZero();
        assertThat(a.tempViolationDegC() + a.co2ViolationPpm() + a.rhViolationPct()).isZero();
    }

    @Test
    void comfortBandBenchmarkAndDayNightBounds() {
        ComfortBand band = ComfortBand.benchmark();
        assertThat(band).isEqualTo(new ComfortBand(500, 1600, 15, 20, 10, 15, 80));
        assertThat(band.tempMin(true)).isEqualTo(15);
        assertThat(band.tempMax(true)).isEqualTo(20);
        assertThat(band.tempMin(false)).isEqualTo(10);
        assertThat(band.tempMax(false)).isEqualTo(15);
        assertThatThrownBy(() -> new ComfortBand(500, 400, 15, 20, 10, 15, 80))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("co2");
    }

    @Test
    void rejectsBadStepLengthAndNegativePrices() {
        assertThatThrownBy(() -> ECONOMICS.account(BEFORE, BEFORE, Controls.OFF, true, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EconomicPrices(22, -0.1, 0.1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("co2EurPerKg");
    }
}
