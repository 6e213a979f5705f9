package dev.plantctl.controllers.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.GreenhouseParameters;
import dev.plantctl.models.greenhouse.SyntheticWeather;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GreenhouseSeasonTest {

    private static final Duration STEP = Duration.ofMinutes(15);
    private static final int DAYS = 40;
    private static final long SEED = 20240201L;

    @Test
    void ruleBasedGrowerBeatsAllActuatorsOffOnTheBenchmarkSeason() {
        GreenhouseSeason season = GreenhouseSeason.benchmark();
        SyntheticWeather weather = new SyntheticWeather(SEED);
        GreenhouseParameters params = GreenhouseParameters.benchmark();
        ComfortBand band = ComfortBand.benchmark();
        RuleBasedGrowerController grower =
                new RuleBasedGrowerController(STEP, band, new GreenhouseSafetyShield(band));

        SeasonResult off = season.run(null, weather, params, DAYS, STEP);
        SeasonResult rules = season.run(grower, weather, params, DAYS, STEP);

        String figures = String.format("net profit with penalties over %d days, EUR/m2: rule-based %.3f "
                        + "(in band %.1f %%, %s) vs all off %.3f (in band %.1f %%, %s)", DAYS,
                rules.netProfitEur(), 100 * rules.temperatureInBandFraction(), rules.ledger(),
                off.netProfitEur(), 100 * off.temperatureInBandFraction(), off.ledger());
        System.out.println(figures);
        assertThat(rules.controller()).isEqualTo("rule-based-grower/1.0");
        assertThat(off.controller()).isEqualTo("all-off");
        assertThat(rules.ledger().steps()).isEqualTo(DAYS * 96L);
        assertThat(rules.netProfitEur()).as(figures).isGreaterThan(off.netProfitEur() + 1.0);
        assertThat(rules.temperatureInBandFraction()).as(figures).isGreaterThan(0.9);
    }

    @Test
    void seasonIsDeterministic() {
        GreenhouseSeason season = GreenhouseSeason.benchmark();
        ComfortBand band = ComfortBand.benchmark();
        RuleBasedGrowerController grower =
                new RuleBasedGrowerController(STEP, band, new GreenhouseSafetyShield(band));

        SeasonResult a = season.run(grower, new SyntheticWeather(SEED), GreenhouseParameters.benchmark(), 2, STEP);
        SeasonResult b = season.run(grower, new SyntheticWeather(SEED), GreenhouseParameters.benchmark(), 2, STEP);

        assertThat(a.netProfitEur()).isEqualTo(b.netProfitEur());
        assertThat(a.ledger().kpis()).isEqualTo(b.ledger().kpis());
    }

    @Test
    void rejectsAStepThatDoesNotDivideADay() {
        assertThatThrownBy(() -> GreenhouseSeason.benchmark().run(null, new SyntheticWeather(SEED),
                GreenhouseParameters.benchmark(), 1, Duration.ofMinutes(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divide a day");
    }
}
