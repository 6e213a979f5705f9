package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeasonLedgerTest {

    private static final double EPS = 1e-12;

    @Test
    void sumsMoneyAndIntegratesViolationsOverHours() {
        SeasonLedger ledger = new SeasonLedger();
        ledger.add(new StepAccount(0.010, 0.001, 0.002, 0.003, 1.0, 100, 4), 900);   // 0.25 h
        ledger.add(new StepAccount(-0.001, 0, 0.004, 0.001, 2.0, 0, 2), 1800);       // 0.5 h

        assertThat(ledger.steps()).isEqualTo(2);
        assertThat(ledger.cropValueEur()).isCloseTo(0.009, within(EPS));
        assertThat(ledger.co2CostEur()).isCloseTo(0.001, within(EPS));
        assertThat(ledger.heatingCostEur()).isCloseTo(0.006, within(EPS));
        assertThat(ledger.penaltyEur()).isCloseTo(0.004, within(EPS));
        assertThat(ledger.netProfitEur()).isCloseTo(0.009 - 0.001 - 0.006 - 0.004, within(EPS));
        assertThat(ledger.tempViolationDegreeHours()).isCloseTo(1.0 * 0.25 + 2.0 * 0.5, within(EPS));
        assertThat(ledger.co2ViolationPpmHours()).isCloseTo(25, within(EPS));
        assertThat(ledger.rhViolationPctHours()).isCloseTo(4 * 0.25 + 2 * 0.5, within(EPS));
    }

    @Test
    void kpisHaveTheContractKeysInOrder() {
        SeasonLedger ledger = new SeasonLedger();
        ledger.add(new StepAccount(0.01, 0.001, 0.002, 0.003, 1, 10, 2), 3600);
        assertThat(ledger.kpis()).containsExactly(
                Map.entry("net_profit_eur_m2", ledger.netProfitEur()),
                Map.entry("crop_value_eur_m2", 0.01),
                Map.entry("heating_eur_m2", 0.002),
                Map.entry("co2_eur_m2", 0.001),
                Map.entry("penalty_eur_m2", 0.003),
                Map.entry("temp_violation_degree_hours", 1.0),
                Map.entry("co2_violation_ppm_hours", 10.0),
                Map.entry("rh_violation_pct_hours", 2.0),
                Map.entry("temp_in_band_fraction", 0.0));
        assertThatThrownBy(() -> ledger.kpis().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void countsTheShareOfStepsWithTemperatureInBand() {
        SeasonLedger ledger = new SeasonLedger();
        assertThat(ledger.temperatureInBandFraction()).isZero();
        ledger.add(new StepAccount(0, 0, 0, 0, 0, 50, 3), 900);
        ledger.add(new StepAccount(0, 0, 0, 0, 0.5, 0, 0), 900);
        ledger.add(new StepAccount(0, 0, 0, 0, 0, 0, 0), 900);
        ledger.add(new StepAccount(0, 0, 0, 0, 2, 0, 0), 900);
        assertThat(ledger.temperatureInBandFraction()).isEqualTo(0.5);
    }

    @Test
    void rewardsOfStepsAddUpToNetProfit() {
        StepAccount a = new StepAccount(0.02, 0.003, 0.004, 0.001, 0, 0, 0);
        SeasonLedger ledger = new SeasonLedger();
        ledger.add(a, 900);
        ledger.add(a, 900);
        assertThat(ledger.netProfitEur()).isCloseTo(2 * a.reward(), within(EPS));
    }

    @Test
    void meanAveragesCompartmentsPerSquareMetre() {
        SeasonLedger one = new SeasonLedger();
        one.add(new StepAccount(0.01, 0.001, 0.002, 0.003, 1, 10, 2), 3600);
        SeasonLedger two = new SeasonLedger();
        two.add(new StepAccount(0.03, 0.003, 0.004, 0.001, 3, 30, 0), 3600);

        SeasonLedger mean = SeasonLedger.mean(List.of(one, two));
        assertThat(mean.cropValueEur()).isCloseTo(0.02, within(EPS));
        assertThat(mean.co2CostEur()).isCloseTo(0.002, within(EPS));
        assertThat(mean.heatingCostEur()).isCloseTo(0.003, within(EPS));
        assertThat(mean.penaltyEur()).isCloseTo(0.002, within(EPS));
        assertThat(mean.tempViolationDegreeHours()).isCloseTo(2, within(EPS));
        assertThat(mean.co2ViolationPpmHours()).isCloseTo(20, within(EPS));
        assertThat(mean.rhViolationPctHours()).isCloseTo(1, within(EPS));
        assertThat(mean.netProfitEur()).isCloseTo((one.netProfitEur() + two.netProfitEur()) / 2, within(EPS));
        assertThat(mean.steps()).isEqualTo(1);
        assertThat(one.cropValueEur()).isEqualTo(0.01);
        assertThatThrownBy(() -> SeasonLedger.mean(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsBadStepLengthAndNonFiniteAccounts() {
        SeasonLedger ledger = new SeasonLedger();
        assertThatThrownBy(() -> ledger.add(new StepAccount(0, 0, 0, 0, 0, 0, 0), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepAccount(Double.NaN, 0, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cropValueEur");
        assertThatThrownBy(() -> new StepAccount(0, 0, 0, 0, -1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tempViolationDegC");
        assertThat(ledger.steps()).isZero();
    }
}
