package dev.plantctl.controllers.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Setpoint;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleBasedGrowerControllerTest {

    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final ComfortBand BAND = ComfortBand.benchmark();
    private final RuleBasedGrowerController controller =
            new RuleBasedGrowerController(PERIOD, BAND, new GreenhouseSafetyShield(BAND));

    /** Previous controls in the middle of each range, so that the rate limit leaves room both ways. */
    private static final Controls MIDDLE = new Controls(0.6, 3.75, 75);

    @Test
    void coldNightHeatsAndDosesNoCo2() {
        Controls previous = new Controls(0.6, 3.75, 40);
        Decision d = controller.decide(TestObservations.climate(11.2, 450, 70, 0).build(), previous);

        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.heating()).isCloseTo(52, within(1e-9));
        assertThat(applied.co2Supply()).isLessThan(previous.co2Supply());
        Factor first = d.explanation().factors().get(0);
        assertThat(first.name()).isEqualTo(GreenhouseSignals.AIR_TEMPERATURE);
        assertThat(first.value()).isEqualTo(11.2);
        assertThat(first.effect()).isEqualTo(
                "air temperature 11.2 °C is 1.3 °C below the night heating setpoint 12.5 °C: heating 52 W/m²");
        assertThat(d.explanation().factors()).filteredOn(f -> f.name().equals(GreenhouseSignals.CO2))
                .singleElement().extracting(Factor::effect).asString().contains("no dosing in darkness");
    }

    @Test
    void coldNightFromStandstillRampsHeatingAndNeverDoses() {
        Decision d = controller.decide(TestObservations.climate(8, 450, 70, 0).build(), Controls.OFF);

        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.heating()).isEqualTo(15);
        assertThat(applied.co2Supply()).isZero();
        assertThat(d.explanation().safety()).singleElement()
                .satisfies(i -> assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_RATE_LIMIT));
        assertThat(d.explanation().summary()).startsWith("Night, 8.0 °C").contains("heating 15 W/m²")
                .contains("the safety shield changed heating (rate limit)").endsWith(".");
    }

    @Test
    void hotSunnyDayOpensVentsAndDoesNotHeat() {
        Decision d = controller.decide(TestObservations.climate(24, 800, 60, 500).build(), MIDDLE);

        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.ventilation()).isGreaterThan(MIDDLE.ventilation());
        assertThat(applied.heating()).isLessThan(MIDDLE.heating());
        assertThat(d.explanation().factors().get(0).name()).isEqualTo(GreenhouseSignals.AIR_TEMPERATURE);
        assertThat(d.explanation().factors().get(0).effect()).contains("above the day vent setpoint 19.5 °C");
    }

    @Test
    void humidAirOpensVents() {
        Decision d = controller.decide(TestObservations.climate(18.5, 800, 88, 100).build(), Controls.OFF);

        assertThat(GreenhouseSetpoints.controls(d).ventilation()).isPositive();
        Factor first = d.explanation().factors().get(0);
        assertThat(first.name()).isEqualTo(GreenhouseSignals.RELATIVE_HUMIDITY);
        assertThat(first.effect()).contains("13.0 % above the limit 75 %");
    }

    @Test
    void lightClosedVentsAndLowCo2Dose() {
        Decision d = controller.decide(TestObservations.climate(18, 600, 60, 300).build(), Controls.OFF);

        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.co2Supply()).isPositive();
        assertThat(applied.ventilation()).isZero();
        assertThat(d.explanation().factors().get(0).name()).isEqualTo(GreenhouseSignals.CO2);
        assertThat(d.explanation().factors().get(0).effect()).contains("300 ppm below the target 900 ppm")
                .contains("dosing 1.20 mg/m²/s");
    }

    @Test
    void openVentsStopDosing() {
        Decision d = controller.decide(TestObservations.climate(18, 600, 60, 300).build(),
                new Controls(0, 3, 0));

        assertThat(GreenhouseSetpoints.controls(d).co2Supply()).isZero();
    }

    @Test
    void staleInputFallsBackWithFullUncertainty() {
        Decision d = controller.decide(TestObservations.climate(11, 450, 70, 0)
                .stale(GreenhouseSignals.CO2).missing(GreenhouseSignals.RADIATION).build(), new Controls(0, 0.5, 45));

        Explanation e = d.explanation();
        assertThat(e.uncertainty()).isEqualTo(1);
        assertThat(e.summary()).isEqualTo("Safe fallback because co2, radiation are stale or missing: "
                + "heating 50 W/m², ventilation 0.50 mm/s, no CO₂ dosing.");
        assertThat(e.factors().get(0)).satisfies(f -> {
            assertThat(f.name()).isEqualTo(GreenhouseSignals.CO2);
            assertThat(f.effect()).startsWith("stale (age 600 s)");
        });
        assertThat(e.factors().get(1).value()).isNaN();
        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.heating()).isEqualTo(RuleBasedGrowerController.FALLBACK.heating());
        assertThat(applied.co2Supply()).isZero();
    }

    @Test
    void decisionCarriesStampedSetpointsAndItsExplanation() {
        Decision d = controller.decide(TestObservations.climate(16, 700, 70, 200).build(), Controls.OFF);

        assertThat(d.setpoints()).extracting(Setpoint::actuator)
                .containsExactly(GreenhouseSignals.HEATING, GreenhouseSignals.VENTILATION, GreenhouseSignals.CO2_SUPPLY);
        long epoch = TestObservations.TIME.getEpochSecond();
        for (Setpoint s : d.setpoints()) {
            assertThat(s.commandId()).isEqualTo("greenhouse/c1/" + s.actuator() + "/" + epoch);
            assertThat(s.unit()).isEqualTo(GreenhouseSignals.unit(s.actuator()));
            assertThat(s.issuedAt()).isEqualTo(TestObservations.TIME);
            assertThat(s.expiresAt()).isEqualTo(TestObservations.TIME.plus(PERIOD));
            assertThat(d.explanation().setpoints()).containsEntry(s.actuator(), s.value());
        }
        Explanation e = d.explanation();
        assertThat(e.controller()).isEqualTo("rule-based-grower");
        assertThat(e.modelVersion()).isEqualTo("rule-based-grower/1.0");
        assertThat(e.uncertainty()).isZero();
        assertThat(e.citations()).isEmpty();
        assertThat(e.factors()).extracting(Factor::name).containsExactlyInAnyOrderElementsOf(
                RuleBasedGrowerController.INPUTS);
    }
}
