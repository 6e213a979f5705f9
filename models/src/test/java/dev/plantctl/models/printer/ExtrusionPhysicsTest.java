package dev.plantctl.models.printer;

import static dev.plantctl.models.printer.Printers.exact;
import static dev.plantctl.models.printer.Printers.run;
import static dev.plantctl.models.printer.Printers.toLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Extrusion, bead geometry and the disturbances that change them, on a printer with ideal sensors. */
class ExtrusionPhysicsTest {

    private static final double AREA = Bead.area(0.45, 0.2);

    @Test
    void steadyLineWidthMatchesTheBeadFormula() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        run(m, 5);
        ProcessTruth t = m.truth();
        assertThat(t.flowRatio()).isCloseTo(1, within(1e-6));
        assertThat(t.lineWidthMm()).isCloseTo(0.45, within(1e-6));
        assertThat(t.lineHeightMm()).isEqualTo(0.2);

        m.submit("M221 S110");
        run(m, 10);
        double width = m.truth().lineWidthMm();
        assertThat(width).isCloseTo(1.10 * AREA / 0.2 + 0.2 * (1 - Math.PI / 4), within(1e-6));
        double speed = m.status().toolheadVelocityMmS();
        assertThat(width).isCloseTo(Bead.of(m.truth().outflowMm3s() / speed, 0.2).widthMm(), within(1e-12));

        toLayer(m, 6);
        LayerMeasurement scan = m.status().lastLayer();
        assertThat(scan.layer()).isEqualTo(5);
        assertThat(scan.widthMm()).isCloseTo(width, within(1e-6));
        assertThat(scan.heightMm()).isCloseTo(0.2, within(1e-9));
        assertThat(scan.nominalWidthMm()).isEqualTo(0.45);
    }

    @Test
    void aZErrorOfPlusOneTenthNarrowsTheLineIntoTheReferenceRange() {
        PrinterModel m = exact(new Disturbance.ZOffset(0, 0.1));
        toLayer(m, 4);
        LayerMeasurement scan = m.status().lastLayer();
        assertThat(scan.widthMm()).isBetween(0.30, 0.36);
        assertThat(scan.heightMm()).isCloseTo(0.3, within(1e-9));
        assertThat(m.truth().gapErrorMm()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void aLowerNozzleWidensTheLineAndABabystepTakesItBack() throws GcodeException {
        PrinterModel m = exact(new Disturbance.ZOffset(0, -0.05));
        toLayer(m, 3);
        run(m, 5);
        assertThat(m.truth().lineWidthMm()).isBetween(0.55, 0.62);
        m.submit("SET_GCODE_OFFSET Z_ADJUST=0.05");
        run(m, m.parameters().firmware().deadTimeS() + 1);
        assertThat(m.status().zAdjustMm()).isCloseTo(0.05, within(1e-12));
        assertThat(m.truth().lineWidthMm()).isCloseTo(0.45, within(1e-6));
    }

    @Test
    void flowAboveMeltCapacityUnderExtrudes() {
        Layer slow = new Layer(0.2, 0.45, 60, 3000);
        Layer fast = new Layer(0.2, 0.45, 200, 6000);
        assertThat(fast.nominalFlowMm3s()).isGreaterThan(Material.PLA.meltCapacityMm3s() * 1.3);
        PrinterModel m = new PrinterModel(Printers.EXACT,
                new PrintJob("speed test", Material.PLA, 210, List.of(slow, fast)), Scenario.nominal(), 1);
        toLayer(m, 1);
        run(m, 10);
        assertThat(m.truth().flowRatio()).isCloseTo(1, within(1e-6));
        assertThat(m.truth().slip()).isEqualTo(1);
        toLayer(m, 2);
        run(m, 5);
        ProcessTruth t = m.truth();
        assertThat(t.feedMm3s()).isGreaterThan(t.meltCapacityMm3s());
        assertThat(t.deliveredMm3s()).isLessThanOrEqualTo(t.meltCapacityMm3s() + 1e-9);
        assertThat(t.flowRatio()).isLessThan(0.75);
        assertThat(t.slip()).isLessThan(1);
        assertThat(m.status().motorLoad()).isEqualTo(1);
        assertThat(t.lineWidthMm()).isLessThan(0.36);
        assertThat(m.status().filamentVelocityMmS()).isLessThan(0.75 * m.status().extruderVelocityMmS());
    }

    @Test
    void aColderNozzleMeltsLessAndPushesHarder() {
        PrinterModel m = exact(new Disturbance.WrongTemperature(200, -30));
        toLayer(m, 2);
        run(m, 30);
        double nominalLoad = m.status().motorLoad();
        run(m, 150);
        assertThat(m.status().targetC()).isEqualTo(180);
        assertThat(m.truth().blockC()).isCloseTo(180, within(1.0));
        assertThat(m.truth().meltCapacityMm3s()).isLessThan(AREA * 60);
        assertThat(m.truth().flowRatio()).isBetween(0.85, 0.99);
        assertThat(m.status().motorLoad()).isGreaterThan(3 * nominalLoad);
    }

    @Test
    void aPartialClogRaisesTheForceByTheFourthPowerOfTheBoreAndFinallySlips() {
        PrinterModel clean = exact();
        PrinterModel tenPercent = exact(new Disturbance.ClogOnset(0, 0, 0.9));
        toLayer(clean, 3);
        toLayer(tenPercent, 3);
        run(clean, 5);
        run(tenPercent, 5);
        assertThat(tenPercent.status().motorLoad() / clean.status().motorLoad())
                .isCloseTo(1 / Math.pow(0.9, 4), within(1e-6)).isCloseTo(1.52, within(0.01));
        assertThat(tenPercent.truth().flowRatio()).isCloseTo(1, within(1e-6));

        PrinterModel clogged = exact(new Disturbance.ClogOnset(300, 600, 0.55));
        toLayer(clogged, 3);
        run(clogged, 900);
        ProcessTruth t = clogged.truth();
        assertThat(t.boreFraction()).isCloseTo(0.55, within(1e-9));
        assertThat(t.slip()).isLessThan(0.9);
        assertThat(t.flowRatio()).isCloseTo(t.slip(), within(1e-6));
        assertThat(clogged.status().motorLoad()).isEqualTo(1);
        assertThat(clogged.status().filamentVelocityMmS())
                .isCloseTo(t.slip() * clogged.status().extruderVelocityMmS(), within(1e-6));
    }

    @Test
    void thinnerFilamentDeliversTheRatioOfAreasNotOfDiameters() {
        PrinterModel m = exact(new Disturbance.DiameterChange(0, 1.68));
        toLayer(m, 3);
        run(m, 5);
        double areaRatio = (1.68 * 1.68) / (1.75 * 1.75);
        assertThat(m.truth().flowRatio()).isCloseTo(areaRatio, within(1e-6)).isCloseTo(0.9216, within(1e-4));
        assertThat(m.truth().filamentDiameterMm()).isEqualTo(1.68);
    }

    @Test
    void petgFedAtPlaTemperatureUnderExtrudes() {
        PrinterModel m = exact(new Disturbance.MaterialChange(200, Material.PETG));
        toLayer(m, 3);
        run(m, 60);
        assertThat(m.truth().material()).isEqualTo(Material.PETG);
        assertThat(m.truth().meltCapacityMm3s()).isCloseTo(Material.PETG.meltCapacityAt(210), within(0.2));
        assertThat(m.truth().flowRatio()).isLessThan(0.6);
    }

    @Test
    void pressureAdvanceEqualToTheLagCancelsItAndMoreOvershoots() throws GcodeException {
        double lag = transientAfterSpeedChange(0);
        double matched = transientAfterSpeedChange(Printers.EXACT.extruder().pressureLagS());
        double over = transientAfterSpeedChange(0.5);
        assertThat(lag).isLessThan(-0.05);
        assertThat(matched).isCloseTo(0, within(1e-6));
        assertThat(over).isGreaterThan(0.5);
    }

    /** Relative outflow error one sub-step after the speed doubles, with a given pressure advance. */
    private static double transientAfterSpeedChange(double k) throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        m.submit("M900 K" + k);
        run(m, 5);
        m.submit("M220 S200");
        double due = m.elapsedS() + m.parameters().firmware().deadTimeS();
        while (m.elapsedS() < due - 1e-9) {
            m.advance(PrinterModel.MAX_SUBSTEP_S);
        }
        m.advance(PrinterModel.MAX_SUBSTEP_S);
        ProcessTruth t = m.truth();
        return t.outflowMm3s() / t.deliveredMm3s() - 1;
    }
}
