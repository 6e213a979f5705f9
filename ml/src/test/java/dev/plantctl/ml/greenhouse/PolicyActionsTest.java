package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.Controls;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyActionsTest {

    private static final double[] MAX = {Controls.CO2_SUPPLY_MAX, Controls.VENTILATION_MAX, Controls.HEATING_MAX};

    @Property
    void controlsStayInBoundsAndMoveAtMostTheRateLimit(
            @ForAll @DoubleRange(min = -5, max = 5) double a0, @ForAll @DoubleRange(min = -5, max = 5) double a1,
            @ForAll @DoubleRange(min = -5, max = 5) double a2, @ForAll @DoubleRange(min = 0, max = 1.2) double c,
            @ForAll @DoubleRange(min = 0, max = 7.5) double v, @ForAll @DoubleRange(min = 0, max = 150) double h) {
        Controls previous = new Controls(c, v, h);
        double[] u = GreenhouseDynamics.action(PolicyActions.controls(new double[] {a0, a1, a2}, previous));
        double[] p = GreenhouseDynamics.action(previous);
        for (int i = 0; i < 3; i++) {
            assertThat(u[i]).isBetween(0.0, MAX[i]);
            assertThat(Math.abs(u[i] - p[i])).isLessThanOrEqualTo(PolicyActions.RATE * MAX[i] + 1e-12);
        }
    }

    @Property
    void aNaNActionHoldsThePreviousControl(@ForAll @DoubleRange(min = 0, max = 150) double heating) {
        Controls previous = new Controls(0.3, 1, heating);
        assertThat(PolicyActions.controls(new double[] {Double.NaN, Double.NaN, Double.NaN}, previous))
                .isEqualTo(previous);
    }

    @Property
    void fullActionMovesExactlyTheRateLimit(@ForAll @DoubleRange(min = 20, max = 130) double heating) {
        Controls up = PolicyActions.controls(new double[] {0, 0, 1}, new Controls(0, 0, heating));
        assertThat(up.heating()).isCloseTo(heating + 15, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Property
    void residualControlsStayInBoundsMoveAtMostTheRateLimitAndCorrectThePriorByAtMostTheResidual(
            @ForAll @DoubleRange(min = -5, max = 5) double a0, @ForAll @DoubleRange(min = -5, max = 5) double a1,
            @ForAll @DoubleRange(min = -5, max = 5) double a2, @ForAll @DoubleRange(min = 0, max = 150) double h,
            @ForAll @DoubleRange(min = -50, max = 250) double ruleHeating,
            @ForAll @DoubleRange(min = 0, max = 7.5) double ruleVentilation) {
        Controls previous = new Controls(0.2, 2, h);
        Controls prior = new Controls(0.3, ruleVentilation, ruleHeating);
        double[] u = GreenhouseDynamics.action(PolicyActions.residual(new double[] {a0, a1, a2}, prior, previous));
        double[] p = GreenhouseDynamics.action(previous);
        double[] r = GreenhouseDynamics.action(prior);
        for (int i = 0; i < 3; i++) {
            double bounded = Math.max(0, Math.min(MAX[i], r[i]));
            assertThat(u[i]).isBetween(0.0, MAX[i]);
            assertThat(Math.abs(u[i] - p[i])).isLessThanOrEqualTo(PolicyActions.RATE * MAX[i] + 1e-12);
            // Farther from the prior than the residual only where the rate limit holds it back.
            double limited = Math.max(p[i] - PolicyActions.RATE * MAX[i], Math.min(p[i] + PolicyActions.RATE * MAX[i],
                    bounded));
            assertThat(Math.abs(u[i] - limited)).isLessThanOrEqualTo(PolicyActions.RESIDUAL * MAX[i] + 1e-9);
        }
    }

    @Property
    void aZeroResidualActionIsThePriorsRequest(@ForAll @DoubleRange(min = 20, max = 130) double heating,
                                               @ForAll @DoubleRange(min = -10, max = 10) double change) {
        Controls previous = new Controls(0.2, 2, heating);
        Controls prior = new Controls(0.25, 2.5, heating + change);
        assertThat(PolicyActions.residual(new double[] {0, 0, 0}, prior, previous)).isEqualTo(prior);
    }

    @Property
    void aFullResidualActionAddsTheResidualToThePriorWithinTheRateLimit(
            @ForAll @DoubleRange(min = 60, max = 90) double heating) {
        Controls previous = new Controls(0, 0, heating);
        Controls prior = new Controls(0, 0, heating - 20);
        // The prior asks for 20 W/m² less; a full upward correction (+37.5) ends 15 above the previous value.
        assertThat(PolicyActions.residual(new double[] {0, 0, 1}, prior, previous).heating())
                .isCloseTo(heating + 15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PolicyActions.residual(new double[] {0, 0, 0.2}, prior, previous).heating())
                .isCloseTo(heating - 20 + 0.2 * PolicyActions.RESIDUAL * Controls.HEATING_MAX,
                        org.assertj.core.data.Offset.offset(1e-9));
    }

    @Property
    void theAppliedActionInvertsAnUnclippedRequest(
            @ForAll @DoubleRange(min = -0.4, max = 0.4) double a0, @ForAll @DoubleRange(min = -0.4, max = 0.4) double a1,
            @ForAll @DoubleRange(min = -0.4, max = 0.4) double a2, @ForAll @DoubleRange(min = 15, max = 135) double h,
            @ForAll boolean residual) {
        Controls previous = new Controls(0.6, 3, h);
        double[] a = {a0, a1, a2};
        Controls applied = residual ? PolicyActions.residual(a, previous, previous) : PolicyActions.controls(a, previous);
        assertThat(PolicyActions.appliedAction(applied, previous, previous, residual))
                .containsExactly(a, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Property
    void theAppliedActionOfAClippedRequestIsWhatHappened(@ForAll @DoubleRange(min = 0.5, max = 1) double up) {
        Controls previous = new Controls(0, 0, Controls.HEATING_MAX);
        Controls applied = PolicyActions.controls(new double[] {0, 0, up}, previous);
        assertThat(PolicyActions.appliedAction(applied, previous, previous, false)[2]).isZero();
        // A guard that cut heating to 0 from a residual request: a full downward correction at most.
        Controls cut = new Controls(0, 0, 0);
        assertThat(PolicyActions.appliedAction(cut, previous, previous, true)[2]).isEqualTo(-1.0);
    }

    @Property
    void theTimeOfDayIsOnTheUnitCircleAndRepeatsDaily(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long second) {
        Instant t = Instant.ofEpochSecond(second);
        double[] x = PolicyActions.observation(new double[PolicyActions.TIME_OF_DAY], t);
        double sin = x[PolicyActions.TIME_OF_DAY];
        double cos = x[PolicyActions.TIME_OF_DAY + 1];
        assertThat(sin * sin + cos * cos).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PolicyActions.observation(new double[PolicyActions.TIME_OF_DAY], t.plus(Duration.ofDays(1))))
                .containsExactly(x);
        assertThat(PolicyActions.timeOfDay(t)).isGreaterThanOrEqualTo(0).isLessThan(24);
    }

    @Property
    void theObservationKeepsTheDynamicsInputsInFrontAndTellsMorningFromEvening(
            @ForAll @DoubleRange(min = 0, max = 150) double heating) {
        double[] dynamics = {0.01, 1e-3, 14, 0.008, 0.1, 0.5, heating, 0, 3, 0.005};
        Instant morning = Instant.parse("2024-02-10T06:00:00Z");
        Instant evening = Instant.parse("2024-02-10T18:00:00Z");
        double[] a = PolicyActions.observation(dynamics, morning);
        double[] b = PolicyActions.observation(dynamics, evening);
        assertThat(a).hasSize(PolicyActions.INPUTS).hasSize(PolicyActions.INPUT_NAMES.size());
        assertThat(PolicyActions.dynamicsPart(a)).containsExactly(dynamics);
        // Same light (none), same outside: only the clock tells the night's end from its start.
        assertThat(a[PolicyActions.TIME_OF_DAY]).isEqualTo(1.0);
        assertThat(b[PolicyActions.TIME_OF_DAY]).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PolicyActions.observation(new double[] {0.01, 1e-3, 14, 0.008}, new Controls(0.1, 0.5, heating),
                new double[] {0, 3, 0.005}, morning)).containsExactly(a);
    }

    @Property
    void aDynamicsInputOfAnotherLengthIsRefused(@ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 20) int n) {
        net.jqwik.api.Assume.that(n != PolicyActions.TIME_OF_DAY);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyActions.observation(new double[n],
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got " + n);
    }
}
