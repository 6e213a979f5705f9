package dev.plantctl.controllers.printer;

import dev.plantctl.models.printer.Bead;
import dev.plantctl.models.printer.Material;
import dev.plantctl.models.printer.MonitoringWindow;
import org.junit.jupiter.api.Test;

import static dev.plantctl.controllers.printer.Windows.PLA;
import static dev.plantctl.controllers.printer.Windows.estimate;
import static dev.plantctl.controllers.printer.Windows.nominal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PhysicsChecksTest {

    private static final ControlLimits L = ControlLimits.DEFAULTS;

    @Test
    void flowCorrectionIsFTimes100OverE() {
        Finding f = PhysicsChecks.flow(nominal(5, 100), estimate(85, 0, 0), new ControlLimits(80, 120, 20, 50, 20,
                20, 0.05, 6, 0.7, 4, 0.012, 2, 5, 0.03, 4, 2, 0.06));
        assertThat(f.issue()).isEqualTo("flow_under");
        assertThat(f.gcode()).containsExactly("M221 S117.6");
        assertThat(f.step()).contains("M221 S = F·100/E = 100.0·100/85.0 = 117.6");
    }

    @Test
    void flowStepsAreBoundedAndTheEnvelopeIsRespected() {
        Finding f = PhysicsChecks.flow(nominal(5, 100), estimate(85, 0, 0), L);
        assertThat(f.gcode()).containsExactly("M221 S110.0");
        assertThat(f.clamps()).singleElement().satisfies(c -> {
            assertThat(c.requested()).isCloseTo(117.6, within(0.1));
            assertThat(c.applied()).isEqualTo(110);
        });
        Finding beyond = PhysicsChecks.flow(nominal(5, 100), estimate(70, 0, 0), L);
        assertThat(beyond.escalate()).isTrue();
        assertThat(beyond.gcode()).isEmpty();
        assertThat(PhysicsChecks.flow(nominal(5, 100), estimate(97, 0, 0), L).hasIssue()).isFalse();
    }

    @Test
    void theGapFromTheWidthInvertsTheBeadModel() {
        double area = PLA.nominalAreaMm2();
        for (double gap : new double[] {0.15, 0.2, 0.25, 0.3}) {
            double width = Bead.of(area, gap).widthMm();
            assertThat(PhysicsChecks.gapFromWidth(width, area)).isCloseTo(gap, within(1e-9));
        }
        assertThat(PhysicsChecks.gapFromWidth(0.1, area)).isNaN();
    }

    @Test
    void zBabystepFollowsTheWidthWhenItAgreesWithTheExpertAndIsBounded() {
        double area = PLA.nominalAreaMm2();
        MonitoringWindow narrow = Windows.withWidth(nominal(5, 100), Bead.of(area, 0.23).widthMm());
        Finding f = PhysicsChecks.zOffset(narrow, PLA, estimate(100, 0.028, 0), 0, L);
        assertThat(f.issue()).isEqualTo("z_offset");
        assertThat(f.gcode()).containsExactly("M290 Z-0.030");
        assertThat(f.step()).contains("from the width");
        Finding far = PhysicsChecks.zOffset(nominal(5, 100), PLA, estimate(100, 0.2, 0), 0, L);
        assertThat(far.gcode()).containsExactly("M290 Z-0.050");
        assertThat(far.step()).contains("from the expert");
    }

    @Test
    void aColdHotendIsFixedByTemperatureInsideTheWindowNotByFlow() {
        MonitoringWindow cold = Windows.withTemperature(nominal(5, 100), 180, 180);
        Finding f = PhysicsChecks.thermal(cold, PLA, estimate(94, 0, -30), Material.PLA, L);
        assertThat(f.issue()).isEqualTo("thermal_cold");
        assertThat(f.gcode()).containsExactly("M104 S200");
        assertThat(f.step()).contains("flow is not blamed");
        MonitoringWindow hot = Windows.withTemperature(nominal(5, 100), 240, 240);
        assertThat(PhysicsChecks.thermal(hot, PLA, estimate(100, 0, 30), Material.PLA, L).gcode())
                .containsExactly("M104 S218");
    }

    @Test
    void slipLowersTheDemandAndWarmsTheMeltInsteadOfRaisingTheFlow() {
        MonitoringWindow slipping = Windows.withFeed(nominal(5, 100), 1.0, 0.7);
        Finding f = PhysicsChecks.capacity(slipping, PLA, estimate(70, 0, 0), Material.PLA, L);
        assertThat(f.issue()).isEqualTo("extruder_slip");
        assertThat(f.gcode()).containsExactly("M220 S80", "M104 S218");
        assertThat(f.gcode()).noneMatch(g -> g.startsWith("M221"));
    }

    @Test
    void aHeaterDutyThatTheReadingCannotExplainIsImplausible() {
        MonitoringWindow w = nominal(5, 100);
        MonitoringWindow biased = Windows.withDuty(w, w.heaterDuty() * 0.9);
        Finding f = PhysicsChecks.plausibility(biased, PLA, estimate(100, 0, 0), L);
        assertThat(f.issue()).isEqualTo("implausible_sensor");
        assertThat(f.escalate()).isTrue();
        assertThat(f.step()).contains("reads high");
        assertThat(PhysicsChecks.plausibility(w, PLA, estimate(100, 0, 0), L).hasIssue()).isFalse();
    }
}
