package dev.plantctl.controllers.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plantctl.core.Decision;
import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.core.Observation;
import dev.plantctl.core.Setpoint;
import dev.plantctl.models.greenhouse.ComfortBand;
import dev.plantctl.models.greenhouse.Controls;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class GreenhouseDecisionGuardTest {

    private static final Duration PERIOD = Duration.ofMinutes(15);
    private static final GreenhouseSafetyShield SHIELD = new GreenhouseSafetyShield(ComfortBand.benchmark());
    private static final GreenhouseDecisionGuard GUARD = new GreenhouseDecisionGuard(SHIELD, PERIOD);
    private static final GreenhouseController RULES = new RuleBasedGrowerController(PERIOD, ComfortBand.benchmark(),
            SHIELD);
    private static final Controls PREVIOUS = new Controls(0.2, 1, 50);

    private final Observation observation = TestObservations.climate(17, 600, 70, 200).build();

    @Test
    void anHonestControllerPassesUnchanged() {
        Decision rules = RULES.decide(observation, PREVIOUS);
        Decision guarded = GUARD.decide(RULES, RULES, observation, PREVIOUS);
        assertThat(guarded.setpoints()).isEqualTo(rules.setpoints());
        assertThat(guarded.explanation()).isEqualTo(rules.explanation());
    }

    @Test
    void aControllerThatThrowsIsReplacedByTheFallbackAndTheExplanationSaysWhy() {
        Decision d = GUARD.decide(hostile("onnx", (o, p) -> {
            throw new IllegalArgumentException("setpoint c1/heating is not finite: NaN");
        }), RULES, observation, PREVIOUS);
        assertThat(d.setpoints()).isEqualTo(RULES.decide(observation, PREVIOUS).setpoints());
        assertThat(d.explanation().factors().get(0)).satisfies(f -> {
            assertThat(f.name()).isEqualTo(Factor.FALLBACK);
            assertThat(f.value()).isEqualTo(1);
        });
        assertThat(d.explanation().summary()).startsWith("onnx/1's decision was refused because it failed:"
                + " IllegalArgumentException: setpoint c1/heating is not finite: NaN.");
    }

    @Test
    void aDecisionForAnotherUnitOrWithAnUnknownActuatorIsRefused() {
        Decision other = GUARD.decide(hostile("x", (o, p) -> decision(o, List.of(
                sp(o, "c1", "heating", 10), sp(o, "c1", "ventilation", 1), sp(o, "c1", "co2_supply", 0.1),
                sp(o, "c2", "heating", 150)))), RULES, observation, PREVIOUS);
        assertThat(other.explanation().summary()).contains("it sets greenhouse/c2/heating, another unit's actuator");
        Decision unknown = GUARD.decide(hostile("x", (o, p) -> decision(o, List.of(
                sp(o, "c1", "heating", 10), sp(o, "c1", "ventilation", 1), sp(o, "c1", "boiler", 1)))), RULES,
                observation, PREVIOUS);
        assertThat(unknown.explanation().summary()).contains("unknown actuator 'boiler'");
        assertThat(other.setpoints()).allSatisfy(s -> assertThat(s.unitId()).isEqualTo("c1"));
    }

    @Test
    void whenBothFailThePreviousSetpointsAreHeld() {
        GreenhouseController broken = hostile("x", (o, p) -> null);
        Decision d = GUARD.decide(broken, broken, observation, PREVIOUS);
        assertThat(GreenhouseSetpoints.controls(d)).isEqualTo(PREVIOUS);
        assertThat(d.explanation().controller()).isEqualTo("hold-previous");
        assertThat(d.explanation().summary()).contains("returned no decision").contains("holding the previous");
    }

    /** Whatever a controller asks, what leaves is shielded and stamped by the job. */
    @Property(tries = 500)
    void whateverTheControllerAsksTheOutputIsInsideTheEnvelope(@ForAll @DoubleRange(min = -1e6, max = 1e6) double h,
                                                             @ForAll @DoubleRange(min = -1e6, max = 1e6) double v,
                                                             @ForAll @DoubleRange(min = -1e6, max = 1e6) double c) {
        Instant forever = Instant.parse("9999-12-31T00:00:00Z");
        Decision d = GUARD.decide(hostile("x", (o, p) -> new Decision(o.plant(), o.unitId(), o.time(), List.of(
                new Setpoint("h", o.plant(), o.unitId(), "heating", h, "W/m2", o.time(), forever),
                new Setpoint("v", o.plant(), o.unitId(), "ventilation", v, "mm/s", o.time(), forever),
                new Setpoint("c", o.plant(), o.unitId(), "co2_supply", c, "mg/m2/s", o.time(), forever)),
                explanation(o))), RULES, observation, PREVIOUS);
        Controls applied = GreenhouseSetpoints.controls(d);
        assertThat(Math.abs(applied.heating() - PREVIOUS.heating())).isLessThanOrEqualTo(15 + 1e-9);
        assertThat(Math.abs(applied.ventilation() - PREVIOUS.ventilation())).isLessThanOrEqualTo(0.75 + 1e-9);
        assertThat(Math.abs(applied.co2Supply() - PREVIOUS.co2Supply())).isLessThanOrEqualTo(0.12 + 1e-9);
        assertThat(d.setpoints()).allSatisfy(s -> assertThat(s.expiresAt()).isEqualTo(observation.time().plus(PERIOD)));
        if (!applied.equals(new Controls(c, v, h))) {
            assertThat(d.explanation().safety()).isNotEmpty();
        }
    }

    private static GreenhouseController hostile(String name, BiFunction<Observation, Controls, Decision> f) {
        return new GreenhouseController() {
            @Override
            public Decision decide(Observation observation, Controls previous) {
                return f.apply(observation, previous);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String version() {
                return "1";
            }
        };
    }

    private static Setpoint sp(Observation o, String unit, String actuator, double value) {
        return new Setpoint(unit + actuator, o.plant(), unit, actuator, value, "x", o.time(), o.time().plus(PERIOD));
    }

    private static Decision decision(Observation o, List<Setpoint> setpoints) {
        return new Decision(o.plant(), o.unitId(), o.time(), setpoints, explanation(o));
    }

    private static Explanation explanation(Observation o) {
        return new Explanation(o.time(), o.plant(), o.unitId(), "x", "1", Map.of(), List.of(), 0, List.of(),
                "hostile", List.of());
    }
}
