package dev.plantctl.controllers.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.plantctl.core.Observation;
import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GreenhouseSafetyShieldTest {

    private static final ComfortBand BAND = ComfortBand.benchmark();
    private final GreenhouseSafetyShield shield = new GreenhouseSafetyShield(BAND);
    /** Mild sunny day, CO₂ low: no comfort guard acts. */
    private final Observation mildDay = TestObservations.climate(17, 600, 70, 300).build();

    @Test
    void requestInsideAllLimitsPassesUnchanged() {
        Controls requested = new Controls(0.5, 2, 60);
        ShieldedControls out = shield.apply(requested, new Controls(0.45, 1.8, 55), mildDay);

        assertThat(out.applied()).isEqualTo(requested);
        assertThat(out.interventions()).isEmpty();
    }

    @Test
    void boundsClampAndReportEachActuator() {
        ShieldedControls out = shield.apply(new Controls(-1, 9, 400), new Controls(0, 7.5, 150), mildDay);

        assertThat(out.applied()).isEqualTo(new Controls(0, 7.5, 150));
        assertThat(out.interventions()).extracting(ShieldIntervention::actuator, ShieldIntervention::requested,
                        ShieldIntervention::applied, ShieldIntervention::rule)
                .containsExactly(
                        tuple("heating", 400.0, 150.0, "bounds"),
                        tuple("ventilation", 9.0, 7.5, "bounds"),
                        tuple("co2_supply", -1.0, 0.0, "bounds"));
        assertThat(out.interventions().get(0).reason()).isEqualTo("request 400 W/m² is above the maximum 150 W/m²");
    }

    @Test
    void nonFiniteRequestHoldsThePreviousValue() {
        ShieldedControls out = shield.apply(new Controls(0.3, Double.POSITIVE_INFINITY, Double.NaN),
                new Controls(0.3, 2, 40), mildDay);

        assertThat(out.applied()).isEqualTo(new Controls(0.3, 2, 40));
        assertThat(out.interventions()).hasSize(2).allSatisfy(i -> {
            assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_BOUNDS);
            assertThat(i.reason()).contains("is not a finite number: holding the previous");
        });
    }

    @Test
    void rateLimitAllowsTenPercentOfTheRangePerStep() {
        ShieldedControls out = shield.apply(new Controls(1.2, 0, 100), new Controls(0, 5, 20), mildDay);

        assertThat(out.applied().heating()).isEqualTo(35);
        assertThat(out.applied().ventilation()).isEqualTo(4.25);
        assertThat(out.applied().co2Supply()).isCloseTo(0.12, within(1e-12));
        assertThat(out.interventions()).hasSize(3)
                .allSatisfy(i -> assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_RATE_LIMIT));
        assertThat(out.interventions().get(0).reason())
                .isEqualTo("change from 20 W/m² to 100 W/m² exceeds 15 W/m² per step (10 % of the range): moving to 35 W/m²");
    }

    @Test
    void noHeatingAboveTheBandsUpperLimit() {
        Observation hotDay = TestObservations.climate(21, 600, 70, 300).build();
        ShieldedControls out = shield.apply(new Controls(0, 0, 10), new Controls(0, 0, 10), hotDay);

        assertThat(out.applied().heating()).isZero();
        assertThat(out.interventions()).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_COMFORT_GUARD);
            assertThat(i.reason()).isEqualTo("air temperature 21.0 °C is above the day upper limit 20.0 °C: no heating");
        });
    }

    @Test
    void heatingGuardUsesTheNightLimitInDarkness() {
        Observation warmNight = TestObservations.climate(16, 600, 70, 0).build();

        assertThat(shield.apply(new Controls(0, 0, 10), new Controls(0, 0, 10), warmNight).applied().heating())
                .isZero();
    }

    @Test
    void heatingGuardStaysOutOfTheWayWhenTemperatureIsStale() {
        Observation staleTemperature = TestObservations.climate(30, 600, 70, 0)
                .stale(GreenhouseSignals.AIR_TEMPERATURE).build();

        ShieldedControls out = shield.apply(new Controls(0, 0, 50), new Controls(0, 0, 50), staleTemperature);

        assertThat(out.applied().heating()).isEqualTo(50);
        assertThat(out.interventions()).isEmpty();
    }

    @Test
    void noDosingInDarkness() {
        Observation night = TestObservations.climate(12, 600, 70, 0).build();
        ShieldedControls out = shield.apply(new Controls(0.1, 0, 0), new Controls(0.1, 0, 0), night);

        assertThat(out.applied().co2Supply()).isZero();
        assertThat(out.interventions()).singleElement().satisfies(i -> {
            assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_COMFORT_GUARD);
            assertThat(i.reason()).isEqualTo("darkness (radiation 0 W/m²): no dosing");
        });
    }

    @Test
    void noDosingAboveTheCo2UpperLimit() {
        Observation rich = TestObservations.climate(18, 1650, 70, 300).build();
        ShieldedControls out = shield.apply(new Controls(0.1, 0, 0), new Controls(0.1, 0, 0), rich);

        assertThat(out.applied().co2Supply()).isZero();
        assertThat(out.interventions()).singleElement().extracting(ShieldIntervention::reason)
                .isEqualTo("CO₂ 1650 ppm is above the upper limit 1600 ppm: no dosing");
    }

    @Test
    void noDosingWhenCo2IsStale() {
        Observation stale = TestObservations.climate(18, 600, 70, 300).stale(GreenhouseSignals.CO2).build();
        ShieldedControls out = shield.apply(new Controls(0.1, 0, 0), new Controls(0.1, 0, 0), stale);

        assertThat(out.applied().co2Supply()).isZero();
        assertThat(out.interventions()).singleElement().extracting(ShieldIntervention::reason)
                .isEqualTo("co2 stale or missing: no dosing");
    }

    @Test
    void humidAirGetsAVentilationFloor() {
        Observation humid = TestObservations.climate(14, 600, 88, 0).build();
        ShieldedControls out = shield.apply(new Controls(0, 0.5, 30), new Controls(0, 1.5, 30), humid);

        assertThat(out.applied()).isEqualTo(new Controls(0, 2, 30));
        assertThat(out.interventions()).singleElement().satisfies(i -> {
            assertThat(i.actuator()).isEqualTo("ventilation");
            assertThat(i.rule()).isEqualTo(GreenhouseSafetyShield.RULE_COMFORT_GUARD);
            assertThat(i.reason())
                    .isEqualTo("relative humidity 88.0 % is 8.00 % above the limit 80 %: ventilation at least 2.00 mm/s");
        });
    }

    @Test
    void humidityGuardLeavesEnoughVentilationAloneAndTrustsNoStaleHumidity() {
        Observation humid = TestObservations.climate(14, 600, 88, 0).build();
        Observation dryEnough = TestObservations.climate(14, 600, 80, 0).build();
        Observation staleHumid = TestObservations.climate(14, 600, 95, 0)
                .stale(GreenhouseSignals.RELATIVE_HUMIDITY).build();
        Controls shut = new Controls(0, 0, 30);

        assertThat(shield.apply(new Controls(0, 2.5, 30), new Controls(0, 2.5, 30), humid).interventions()).isEmpty();
        assertThat(shield.apply(shut, shut, dryEnough).interventions()).isEmpty();
        assertThat(shield.apply(shut, shut, staleHumid).interventions()).isEmpty();
    }

    @Test
    void ventilationFloorIsReachedWithinTheRateLimit() {
        Observation saturated = TestObservations.climate(14, 600, 100, 0).build();
        Controls shut = new Controls(0, 0, 30);
        ShieldedControls out = shield.apply(shut, shut, saturated);

        assertThat(out.applied().ventilation()).isEqualTo(0.75);
        assertThat(out.interventions()).extracting(ShieldIntervention::requested, ShieldIntervention::applied,
                        ShieldIntervention::rule)
                .containsExactly(tuple(0.0, 5.0, GreenhouseSafetyShield.RULE_COMFORT_GUARD),
                        tuple(5.0, 0.75, GreenhouseSafetyShield.RULE_RATE_LIMIT));
    }

    @Test
    void guardThenRateLimitReportsBothSteps() {
        Observation night = TestObservations.climate(12, 600, 70, 0).build();
        ShieldedControls out = shield.apply(new Controls(1.2, 0, 0), new Controls(1.2, 0, 0), night);

        assertThat(out.applied().co2Supply()).isCloseTo(1.08, within(1e-12));
        assertThat(out.interventions()).extracting(ShieldIntervention::rule)
                .containsExactly(GreenhouseSafetyShield.RULE_COMFORT_GUARD, GreenhouseSafetyShield.RULE_RATE_LIMIT);
    }

    @Test
    void rejectsAnInvalidRateLimit() {
        assertThatThrownBy(() -> new GreenhouseSafetyShield(BAND, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChangeFractionPerStep");
        assertThatThrownBy(() -> new GreenhouseSafetyShield(BAND, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 2000)
    void outputIsAlwaysInsideBoundsAndRateLimit(@ForAll("anyControls") Controls requested,
                                                @ForAll("anyControls") Controls previous,
                                                @ForAll("observations") Observation observation) {
        ShieldedControls out = shield.apply(requested, previous, observation);

        check(out.applied().heating(), previous.heating(), Controls.HEATING_MAX);
        check(out.applied().ventilation(), previous.ventilation(), Controls.VENTILATION_MAX);
        check(out.applied().co2Supply(), previous.co2Supply(), Controls.CO2_SUPPLY_MAX);
        if (out.interventions().isEmpty()) {
            assertThat(out.applied().heating() == requested.heating()
                    && out.applied().ventilation() == requested.ventilation()
                    && out.applied().co2Supply() == requested.co2Supply())
                    .as("without interventions %s passes unchanged as %s", requested, out.applied()).isTrue();
        }
    }

    private static void check(double applied, double previous, double max) {
        double prev = Double.isFinite(previous) ? Math.max(0, Math.min(max, previous)) : 0;
        assertThat(applied).isFinite().isBetween(0.0, max);
        assertThat(Math.abs(applied - prev)).isLessThanOrEqualTo(GreenhouseSafetyShield.DEFAULT_MAX_CHANGE_FRACTION * max
                + Math.ulp(max));
    }

    @Provide
    Arbitrary<Controls> anyControls() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().withStandardSpecialValues(),
                Arbitraries.doubles().between(-1, 200).withStandardSpecialValues());
        return Combinators.combine(value, value, value).as(Controls::new);
    }

    @Provide
    Arbitrary<Observation> observations() {
        Arbitrary<Double> temperature = Arbitraries.doubles().between(-10, 45);
        Arbitrary<Double> co2 = Arbitraries.doubles().between(0, 3000);
        Arbitrary<Double> radiation = Arbitraries.doubles().between(0, 1000).edgeCases(c -> c.add(0.0));
        Arbitrary<Double> humidity = Arbitraries.doubles().between(0, 100).edgeCases(c -> c.add(100.0));
        Arbitrary<String> stale = Arbitraries.of("", GreenhouseSignals.AIR_TEMPERATURE,
                GreenhouseSignals.RELATIVE_HUMIDITY);
        return Combinators.combine(temperature, co2, humidity, radiation, stale).as((t, c, h, r, tag) -> {
            TestObservations o = TestObservations.climate(t, c, h, r);
            return (tag.isEmpty() ? o : o.stale(tag)).build();
        });
    }
}
