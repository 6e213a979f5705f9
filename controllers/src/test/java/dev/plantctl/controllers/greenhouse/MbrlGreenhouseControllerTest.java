package dev.plantctl.controllers.greenhouse;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Quality;
import dev.plantctl.core.TagValue;
import dev.plantctl.ml.greenhouse.GreenhouseDynamics;
import dev.plantctl.ml.greenhouse.MbrlBundle;
import dev.plantctl.ml.greenhouse.PolicyActions;
import dev.plantctl.models.greenhouse.ClimateState;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.models.greenhouse.Weather;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MbrlGreenhouseControllerTest {

    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final GreenhouseSafetyShield SHIELD = new GreenhouseSafetyShield(ComfortBand.benchmark());
    private static final RuleBasedGrowerController RULES =
            new RuleBasedGrowerController(PERIOD, ComfortBand.benchmark(), SHIELD);
    /** A policy network: the shipped model-free bundle. */
    private static MbrlBundle bundle;
    private static MbrlGreenhouseController controller;
    /** A planning controller: the shipped robust MBRL bundle. */
    private static MbrlBundle planning;
    private static MbrlGreenhouseController planner;

    @BeforeAll
    static void open() throws Exception {
        bundle = MbrlBundle.resource(MbrlBundle.SHIPPED_POLICIES + "model-free/");
        controller = new MbrlGreenhouseController(bundle, RULES, SHIELD, PERIOD);
        planning = MbrlBundle.shipped();
        planner = new MbrlGreenhouseController(planning, RULES, SHIELD, PERIOD);
    }

    @AfterAll
    static void close() throws Exception {
        controller.close();
        planner.close();
    }

    private static Observation observation(ClimateState state, Weather weather) {
        Map<String, TagValue> values = new HashMap<>();
        GreenhouseSignals.sensorValues(state, weather)
                .forEach((tag, v) -> values.put(tag, new TagValue(v, 0, false, Quality.GOOD)));
        return new Observation(GreenhouseSignals.PLANT, "c1", Instant.parse("2024-02-03T12:00:00Z"), values);
    }

    private static Observation day() {
        return observation(new ClimateState(0.01, 0.0008, 16, 0.008), new Weather(250, 7.2e-4, 6, 0.005));
    }

    @Test
    void aFreshObservationGetsTheShieldedPolicyActionWithItsExplanation() {
        Controls previous = new Controls(0.2, 1, 60);
        Decision d = controller.decide(day(), previous);
        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.heating()).isBetween(Math.max(0, 60 - 15.0), 60 + 15.0);
        assertThat(applied.ventilation()).isBetween(0.25, 1.75);
        assertThat(applied.co2Supply()).isBetween(0.08, 0.32);
        var e = d.explanation();
        assertThat(e.controller()).isEqualTo(MbrlGreenhouseController.NAME);
        assertThat(e.modelVersion()).isEqualTo(bundle.id());
        assertThat(e.summary()).startsWith("Learned policy " + bundle.id());
        assertThat(e.uncertainty()).isZero(); // a policy without an ensemble has no uncertainty to report
        List<String> names = e.factors().stream().map(Factor::name).toList();
        assertThat(names).hasSize(MbrlGreenhouseController.TOP_FACTORS + 3)
                .endsWith("correction_co2_supply", "correction_ventilation", "correction_heating");
    }

    @Test
    void aPlanningControllerPlansOnTheEnsembleAndExplainsWhatMakesThePlanBetter() {
        Controls previous = new Controls(0.2, 1, 60);
        Decision d = planner.decide(day(), previous);
        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(applied.heating()).isBetween(60 - 15.0, 60 + 15.0);
        assertThat(applied.ventilation()).isBetween(0.25, 1.75);
        var e = d.explanation();
        assertThat(e.modelVersion()).isEqualTo(planning.id());
        assertThat(e.summary()).startsWith("Robust plan on the learned ensemble " + planning.id())
                .contains("correction to the rule-based request").contains("expected");
        assertThat(e.uncertainty()).isBetween(0.0, MbrlBundle.FALLBACK_UNCERTAINTY);
        List<String> names = e.factors().stream().map(Factor::name).toList();
        assertThat(names).hasSize(MbrlGreenhouseController.TOP_FACTORS + 1 + 3 + 3)
                .contains("plan_return_eur_m2", "correction_heating")
                .endsWith("predicted_air_temperature", "predicted_co2", "predicted_relative_humidity");
        assertThat(e.factors().get(0).effect()).startsWith("attribution ").contains("advantage over the rule-based");
        assertThat(e.factors().get(names.indexOf("plan_return_eur_m2")).effect())
                .contains("weather now held over the horizon");
        // Stateless and deterministic: another instance, after other decisions, decides the same.
        try (MbrlGreenhouseController other = new MbrlGreenhouseController(planning, RULES, SHIELD, PERIOD)) {
            other.decide(observation(new ClimateState(0.02, 0.0007, 12, 0.007), new Weather(0, 7.2e-4, 2, 0.004)),
                    Controls.OFF);
            assertThat(other.decide(day(), previous)).isEqualTo(d);
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void aPlanningControllerWithAForecastSaysSoAndHeatsAheadOfAColdNight() throws Exception {
        // Evening, 14 °C inside: a forecast of a bitter night makes the plan heat at least as much as persistence.
        Observation evening = new Observation(GreenhouseSignals.PLANT, "c1", Instant.parse("2024-02-03T17:00:00Z"),
                observation(new ClimateState(0.01, 0.0008, 14, 0.008), new Weather(0, 7.2e-4, 8, 0.005)).values());
        Controls previous = new Controls(0, 0.5, 40);
        try (MbrlGreenhouseController cold = new MbrlGreenhouseController(planning, RULES, SHIELD, PERIOD,
                t -> new Weather(0, 7.2e-4, -10, 0.002))) {
            Decision d = cold.decide(evening, previous);
            assertThat(d.explanation().factors().stream().filter(f -> f.name().equals("plan_return_eur_m2"))
                    .findFirst().orElseThrow().effect()).contains("weather forecast");
            assertThat(GreenhouseSetpoints.controls(d).heating())
                    .isGreaterThanOrEqualTo(GreenhouseSetpoints.controls(planner.decide(evening, previous)).heating());
        }
    }

    @Test
    void attributionRanksTheInputsThatMoveTheActionMost() throws Exception {
        Controls previous = new Controls(0.2, 1, 60);
        Instant time = day().time();
        double[] x = GreenhouseDynamics.input(day(), previous).orElseThrow();
        MbrlGreenhouseController.Policy p = controller.policy(x, time, previous, previous);
        assertThat(p.attribution()).hasSize(x.length + 1);
        double[] attribution = p.attribution();
        for (double a : attribution) {
            assertThat(a).isFinite().isGreaterThanOrEqualTo(0);
        }
        int top = 0;
        int bottom = 0;
        for (int j = 1; j < attribution.length; j++) {
            top = attribution[j] > attribution[top] ? j : top;
            bottom = attribution[j] < attribution[bottom] ? j : bottom;
        }
        // Independently: move each by one scale (the time of day, last, by 30 min) and compare how far the action
        // moves.
        assertThat(actionShift(x, time, previous, top)).isGreaterThan(actionShift(x, time, previous, bottom));
        List<Factor> factors = controller.decide(day(), previous).explanation().factors();
        assertThat(factors.get(0).effect()).startsWith("attribution ");
    }

    private static double actionShift(double[] x, Instant time, Controls previous, int j) throws Exception {
        double[] a;
        double[] b;
        if (j == x.length) {
            a = controller.policy(x, time.plus(Duration.ofMinutes(30)), previous, previous).action();
            b = controller.policy(x, time.minus(Duration.ofMinutes(30)), previous, previous).action();
        } else {
            double[] up = x.clone();
            up[j] += 0.5 * PolicyActions.FEATURES.std(j);
            double[] down = x.clone();
            down[j] -= 0.5 * PolicyActions.FEATURES.std(j);
            a = controller.policy(up, time, previous, previous).action();
            b = controller.policy(down, time, previous, previous).action();
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }

    @Test
    void aStaleSensorFallsBackToTheRulesAndSaysWhy() {
        Observation fresh = day();
        Map<String, TagValue> values = new HashMap<>(fresh.values());
        values.put(GreenhouseSignals.RELATIVE_HUMIDITY, new TagValue(70, 900_000, true, Quality.GOOD));
        Observation stale = new Observation(fresh.plant(), fresh.unitId(), fresh.time(), values);
        Decision d = controller.decide(stale, Controls.OFF);
        Decision rule = RULES.decide(stale, Controls.OFF);
        assertThat(d.setpoints()).isEqualTo(rule.setpoints());
        assertThat(d.explanation().factors().get(0)).isEqualTo(new Factor(MbrlGreenhouseController.FALLBACK_FACTOR, 1,
                "rule-based fallback because relative_humidity is stale or missing"));
        assertThat(d.explanation().summary()).startsWith("Rule-based fallback because relative_humidity is stale");
        assertThat(d.explanation().uncertainty()).isEqualTo(1.0);
    }

    @Test
    void anUncertainEnsembleFallsBackToTheRulesAndSaysSo() throws Exception {
        Map<String, Object> meta = new HashMap<>(planning.metadata());
        meta.put("uncertainty_threshold", 1e-12);
        MbrlBundle doubtful = new MbrlBundle(planning.policyOnnx(), planning.dynamicsOnnx(), meta);
        try (MbrlGreenhouseController c = new MbrlGreenhouseController(doubtful, RULES, SHIELD, PERIOD)) {
            Decision d = c.decide(day(), Controls.OFF);
            assertThat(d.setpoints()).isEqualTo(RULES.decide(day(), Controls.OFF).setpoints());
            assertThat(d.explanation().summary())
                    .startsWith("Rule-based fallback because the dynamics ensemble's uncertainty 1.00 is at or above 0.50");
            assertThat(d.explanation().uncertainty()).isEqualTo(1.0);
        }
    }

    @Test
    void theShieldStillActsOnThePolicyAndThePlan() {
        // Hot day: whatever the policy or the plan asks, no heating above the band's upper limit.
        Observation hot = observation(new ClimateState(0.01, 0.0008, 24, 0.008), new Weather(400, 7.2e-4, 20, 0.006));
        assertThat(GreenhouseSetpoints.controls(controller.decide(hot, new Controls(0, 0, 10))).heating()).isZero();
        assertThat(GreenhouseSetpoints.controls(planner.decide(hot, new Controls(0, 0, 10))).heating()).isZero();
    }

    private static MbrlBundle residualTo(String prior) {
        Map<String, Object> meta = new HashMap<>(bundle.metadata());
        meta.put("residual_to", prior);
        meta.put("residual_fraction", PolicyActions.RESIDUAL);
        return new MbrlBundle(bundle.policyOnnx(), bundle.dynamicsOnnx(), meta);
    }

    @Test
    void aResidualPolicyCorrectsTheRuleBasedRequestAndSaysByHowMuch() throws Exception {
        MbrlBundle residual = residualTo(RuleBasedGrowerController.NAME + "/" + RuleBasedGrowerController.VERSION);
        Controls previous = new Controls(0.2, 1, 60);
        Controls rule = GreenhouseSetpoints.controls(RULES.decide(day(), previous));
        try (MbrlGreenhouseController c = new MbrlGreenhouseController(residual, RULES, SHIELD, PERIOD)) {
            var e = c.decide(day(), previous).explanation();
            Controls applied = GreenhouseSetpoints.controls(c.decide(day(), previous));
            assertThat(e.summary()).contains("correction to the rule-based request: ");
            Map<String, Double> correction = new HashMap<>();
            e.factors().stream().filter(f -> f.name().startsWith("correction_"))
                    .forEach(f -> correction.put(f.name().substring("correction_".length()), f.value()));
            assertThat(correction).containsOnlyKeys(GreenhouseSignals.CO2_SUPPLY, GreenhouseSignals.VENTILATION,
                    GreenhouseSignals.HEATING);
            for (Actuator a : Actuator.values()) {
                double c0 = correction.get(a.tag);
                assertThat(Math.abs(c0)).isLessThanOrEqualTo(PolicyActions.RESIDUAL * a.max + 1e-9);
                boolean shielded = e.safety().stream().anyMatch(i -> i.actuator().equals(a.tag));
                if (!shielded) {
                    assertThat(a.of(applied)).isCloseTo(a.of(rule) + c0, org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    @Test
    void aResidualPolicyOfAnotherControllerIsRefused() {
        assertThatThrownBy(() -> new MbrlGreenhouseController(residualTo("someone-else/2"), RULES, SHIELD, PERIOD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("someone-else/2")
                .hasMessageContaining(RuleBasedGrowerController.NAME + "/" + RuleBasedGrowerController.VERSION);
    }
}
