package dev.plantctl.models.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VanHentenModelTest {

    private static final VanHentenModel MODEL = new VanHentenModel(GreenhouseParameters.benchmark());
    private static final ClimateState X0 = ClimateState.benchmarkInitial();
    private static final double DT = 900;

    private static final Weather NIGHT = new Weather(0, 7.2e-4, 5.0, 5.0e-3);
    private static final Weather DAY = new Weather(300, 7.2e-4, 10.0, 6.0e-3);
    private static final Controls DAY_CONTROLS = new Controls(0.6, 2.0, 50);

    /** The reference prints dx/dt to 5 significant digits: half a unit in the last place is ≤ 5e-5 relative. */
    private static final double DERIVATIVE_REL = 1e-4;
    /** The reference prints x(900 s) to 7 significant digits: half a unit in the last place is ≤ 5e-7 relative. */
    private static final double STEP_REL = 1e-6;

    @Test
    void reproducesReferenceNightDerivative() {
        assertRelative(MODEL.derivative(X0, Controls.OFF, NIGHT),
                new double[] {-4.6375e-10, -3.0433e-10, -2.0333e-3, 4.2611e-07}, DERIVATIVE_REL);
    }

    @Test
    void reproducesReferenceNightStep() {
        assertRelative(MODEL.step(X0, Controls.OFF, NIGHT, DT),
                new double[] {3.499607e-3, 9.997156e-4, 13.32770, 8.287543e-3}, STEP_REL);
    }

    @Test
    void reproducesReferenceDayDerivative() {
        assertRelative(MODEL.derivative(X0, DAY_CONTROLS, DAY),
                new double[] {5.8197e-08, -1.6849e-08, 2.2200e-03, -5.4767e-07}, DERIVATIVE_REL);
    }

    @Test
    void reproducesReferenceDayStep() {
        assertRelative(MODEL.step(X0, DAY_CONTROLS, DAY, DT),
                new double[] {3.553364e-3, 9.873574e-4, 16.75897, 7.699087e-3}, STEP_REL);
    }

    @Test
    void unheatedNightCoolsTowardOutsideWithoutOvershooting() {
        ClimateState x = X0;
        for (int i = 0; i < 24; i++) {
            ClimateState next = MODEL.step(x, Controls.OFF, NIGHT, DT);
            assertThat(next.temperature()).isLessThan(x.temperature()).isGreaterThan(NIGHT.temperature());
            x = next;
        }
    }

    @Test
    void co2DosingRaisesCo2() {
        ClimateState dosed = MODEL.step(X0, new Controls(Controls.CO2_SUPPLY_MAX, 0, 0), NIGHT, DT);
        ClimateState undosed = MODEL.step(X0, Controls.OFF, NIGHT, DT);
        assertThat(dosed.co2()).isGreaterThan(X0.co2()).isGreaterThan(undosed.co2());
    }

    @Test
    void growthRisesWithLight() {
        double previous = Double.NEGATIVE_INFINITY;
        for (double radiation : new double[] {0, 50, 150, 300, 600, 900}) {
            Weather w = new Weather(radiation, 7.2e-4, 10, 6e-3);
            double growth = MODEL.derivative(X0, Controls.OFF, w).dryWeight();
            assertThat(growth).as("growth at %s W/m2", radiation).isGreaterThan(previous);
            previous = growth;
        }
        assertThat(previous).isPositive();
    }

    @Test
    void ventilationPullsTemperatureTowardOutside() {
        Controls vented = new Controls(0, Controls.VENTILATION_MAX, 0);
        for (double outside : new double[] {0, 30}) {
            Weather w = new Weather(0, 7.2e-4, outside, 5e-3);
            double closedGap = Math.abs(MODEL.step(X0, Controls.OFF, w, DT).temperature() - outside);
            double ventedGap = Math.abs(MODEL.step(X0, vented, w, DT).temperature() - outside);
            assertThat(ventedGap).as("outside %s degC", outside).isLessThan(closedGap);
        }
    }

    @Test
    void photosynthesisStopsWhereConductanceFormulaTurnsNegative() {
        ClimateState frozen = new ClimateState(0.0035, 0.001, 0, 0.004);
        Weather bright = new Weather(500, 7.2e-4, 0, 4e-3);
        double respirationOnly = -GreenhouseParameters.benchmark().cRespD() * frozen.dryWeight()
                * Math.pow(2, -2.5);
        assertThat(MODEL.derivative(frozen, Controls.OFF, bright).dryWeight())
                .isCloseTo(respirationOnly, within(1e-20));
    }

    @Test
    void stepClampsToPhysicalBounds() {
        ClimateState nearlyEmpty = new ClimateState(0, 0, 15, 0);
        Weather dryNoCo2 = new Weather(0, 0, 15, 0);
        ClimateState next = MODEL.step(nearlyEmpty, new Controls(0, Controls.VENTILATION_MAX, 0), dryNoCo2, DT);
        assertThat(next.dryWeight()).isGreaterThanOrEqualTo(0);
        assertThat(next.co2()).isGreaterThanOrEqualTo(0);
        assertThat(next.humidity()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rejectsNonFiniteControlsAndBadSteps() {
        assertThatThrownBy(() -> MODEL.step(X0, new Controls(Double.NaN, 0, 0), NIGHT, DT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> MODEL.step(X0, Controls.OFF, NIGHT, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
    }

    private static void assertRelative(ClimateState actual, double[] expected, double relative) {
        double[] got = {actual.dryWeight(), actual.co2(), actual.temperature(), actual.humidity()};
        String[] names = {"dryWeight", "co2", "temperature", "humidity"};
        for (int i = 0; i < 4; i++) {
            assertThat(got[i]).as(names[i]).isCloseTo(expected[i], within(Math.abs(expected[i]) * relative));
        }
    }
}
