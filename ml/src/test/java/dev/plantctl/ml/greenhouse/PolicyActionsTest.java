package dev.plantctl.ml.greenhouse;

import dev.plantctl.models.greenhouse.Controls;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

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
}
