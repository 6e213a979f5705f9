package dev.plantctl.models.printer;

import static dev.plantctl.models.printer.Printers.exact;
import static dev.plantctl.models.printer.Printers.run;
import static dev.plantctl.models.printer.Printers.runUntil;
import static dev.plantctl.models.printer.Printers.toLayer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the firmware enforces: heating, thermal protection, cold extrusion, live commands and their dead time. */
class FirmwareTest {

    private static final FirmwareParameters FW = FirmwareParameters.DEFAULTS;

    @Test
    void heatsForTheJobThenPrintsAllLayersAndTurnsTheHeaterOff() {
        PrinterModel m = new PrinterModel(Printers.EXACT, PrintJob.standard("short", Material.PLA, 3),
                Scenario.nominal(), 1);
        assertThat(m.status().state()).isEqualTo(PrintState.PRINTING);
        assertThat(m.status().currentLayer()).isZero();
        assertThat(m.status().extruderVelocityMmS()).isZero();
        runUntil(m, x -> x.status().currentLayer() == 1, 200);
        assertThat(m.status().temperatureC()).isCloseTo(210, within(FW.settleBandC()));
        runUntil(m, x -> x.status().state() == PrintState.COMPLETE, 200);
        assertThat(m.status().targetC()).isZero();
        assertThat(m.status().lastLayer().layer()).isEqualTo(3);
        assertThat(m.status().currentLayer()).isEqualTo(3);
    }

    @Test
    void aTargetStepSettlesWithoutOvershoot() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        m.submit("M104 S220");
        double max = 0;
        for (int i = 0; i < 4 * 60; i++) {
            m.advance(0.25);
            max = Math.max(max, m.truth().blockC());
        }
        assertThat(m.status().temperatureC()).isCloseTo(220, within(0.3));
        assertThat(max).isLessThan(221.5);
    }

    @Test
    void thermalRunawayTripsAfterTheReadingStaysOffTargetForTheRunawayPeriod() {
        PrinterModel m = exact(new Disturbance.HeaterFailure(300));
        runUntil(m, x -> x.elapsedS() >= 300, 400);
        double offSince = Double.NaN;
        while (m.status().state() == PrintState.PRINTING) {
            m.advance(PrinterModel.MAX_SUBSTEP_S);
            if (Double.isNaN(offSince)
                    && Math.abs(m.status().temperatureC() - m.status().targetC()) > FW.runawayHysteresisC()) {
                offSince = m.elapsedS();
            }
            assertThat(m.elapsedS()).isLessThan(600);
        }
        assertThat(m.status().state()).isEqualTo(PrintState.ERROR);
        assertThat(m.status().message()).startsWith("Thermal runaway");
        assertThat(m.elapsedS() - offSince).isCloseTo(FW.runawayPeriodS(), within(2 * PrinterModel.MAX_SUBSTEP_S));
        run(m, 5);
        assertThat(m.status().targetC()).isZero();
        assertThat(m.status().heaterDuty()).isZero();
        assertThat(m.status().toolheadVelocityMmS()).isZero();
        assertThat(m.status().extruderVelocityMmS()).isZero();
        assertThatThrownBy(() -> m.submit("M104 S210")).isInstanceOfSatisfying(GcodeException.class,
                e -> assertThat(e.kind()).isEqualTo(GcodeException.Kind.NOT_READY));
    }

    @Test
    void aDetachedThermistorOverheatsTheBlockUntilRunawayProtectionStopsIt() {
        PrinterModel m = exact(new Disturbance.SensorFault(300, Disturbance.SensorFaultKind.DETACHED, 0));
        double hottest = 0;
        while (m.status().state() == PrintState.PRINTING) {
            m.advance(0.25);
            hottest = Math.max(hottest, m.truth().blockC());
            assertThat(m.elapsedS()).isLessThan(500);
        }
        assertThat(m.status().message()).startsWith("Thermal runaway");
        assertThat(hottest).isGreaterThan(215);
        assertThat(m.elapsedS()).isBetween(300 + FW.runawayPeriodS(), 300 + FW.runawayPeriodS() + 30);
    }

    @Test
    void aHeaterThatDoesNotHeatFailsTheHeatingWatch() {
        PrinterModel m = exact(new Disturbance.HeaterFailure(0));
        runUntil(m, x -> x.status().state() == PrintState.ERROR, 60);
        assertThat(m.status().message()).startsWith("Heating failed");
        assertThat(m.elapsedS()).isCloseTo(FW.watchPeriodS(), within(0.5));
    }

    @Test
    void noFalseAlarmsOverALongNoisyPrintWithTargetChanges() throws GcodeException {
        PrinterModel m = new PrinterModel(PrinterParameters.DEFAULTS, PrintJob.standard("cube", Material.PLA, 200),
                Scenario.nominal(), 42);
        toLayer(m, 3);
        m.submit("M104 S225");
        run(m, 600);
        m.submit("M104 S200");
        run(m, 1200);
        assertThat(m.status().state()).isEqualTo(PrintState.PRINTING);
        assertThat(m.status().message()).isEmpty();
    }

    @Test
    void coldExtrusionIsPreventedButTheToolheadKeepsMoving() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        m.submit("M104 S150");
        runUntil(m, x -> x.status().temperatureC() < FW.minExtrudeC(), 120);
        m.advance(0.25);
        PrinterStatus s = m.status();
        assertThat(s.canExtrude()).isFalse();
        assertThat(s.toolheadVelocityMmS()).isEqualTo(60);
        assertThat(s.extruderVelocityMmS()).isZero();
        run(m, 1);
        assertThat(m.truth().lineWidthMm()).isLessThan(0.001);
    }

    @Test
    void liveCommandsActAfterTheDeadTime() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        double sent = m.elapsedS();
        m.submit("M221 S95\nM220 S120\nSET_PRESSURE_ADVANCE ADVANCE=0.04\nM290 Z-0.02");
        while (m.elapsedS() < sent + FW.deadTimeS() - 0.3) {
            m.advance(0.25);
            assertThat(m.status().extrudeFactor()).isEqualTo(1);
            assertThat(m.status().speedFactor()).isEqualTo(1);
        }
        run(m, 0.5);
        assertThat(m.status().extrudeFactor()).isEqualTo(0.95);
        assertThat(m.status().speedFactor()).isEqualTo(1.2);
        assertThat(m.status().pressureAdvanceS()).isEqualTo(0.04);
        assertThat(m.status().zAdjustMm()).isEqualTo(-0.02);
        assertThat(m.status().toolheadVelocityMmS()).isCloseTo(72, within(1e-9));
    }

    @Test
    void pauseStopsMotionAndHoldsTheHeaterResumeContinues() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 3);
        m.submit("PAUSE");
        run(m, FW.deadTimeS() + 0.5);
        assertThat(m.status().state()).isEqualTo(PrintState.PAUSED);
        assertThat(m.status().toolheadVelocityMmS()).isZero();
        int layer = m.status().currentLayer();
        run(m, 120);
        assertThat(m.status().currentLayer()).isEqualTo(layer);
        assertThat(m.status().temperatureC()).isCloseTo(210, within(0.5));
        assertThatThrownBy(() -> m.submit("M25")).isInstanceOfSatisfying(GcodeException.class,
                e -> assertThat(e.kind()).isEqualTo(GcodeException.Kind.REFUSED));
        m.submit("M24");
        run(m, FW.deadTimeS() + 0.5);
        assertThat(m.status().state()).isEqualTo(PrintState.PRINTING);
        assertThat(m.status().toolheadVelocityMmS()).isEqualTo(60);
    }

    @Test
    void emergencyStopShutsDownAtOnce() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 2);
        m.submit("M221 S90\nM112");
        assertThat(m.status().state()).isEqualTo(PrintState.PRINTING);
        m.advance(0.05);
        assertThat(m.status().state()).isEqualTo(PrintState.ERROR);
        assertThat(m.status().message()).contains("M112");
        assertThat(m.status().targetC()).isZero();
        run(m, 5);
        assertThat(m.status().extrudeFactor()).isEqualTo(1);
    }

    @Test
    void refusesM109AndOutOfBoundCommandsWithoutApplyingAnyOfTheScript() throws GcodeException {
        PrinterModel m = exact();
        toLayer(m, 2);
        assertKind(m, "M221 S90\nM109 S215", GcodeException.Kind.REFUSED);
        assertKind(m, "M104 S350", GcodeException.Kind.OUT_OF_RANGE);
        m.submit("M290 Z0.5\nM290 Z0.5");
        assertKind(m, "M290 Z0.1", GcodeException.Kind.OUT_OF_RANGE);
        run(m, FW.deadTimeS() + 0.5);
        assertThat(m.status().extrudeFactor()).isEqualTo(1);
        assertThat(m.status().zAdjustMm()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void sameSeedSameRunOtherSeedOtherNoise() throws GcodeException {
        List<PrinterStatus> a = trace(5);
        assertThat(trace(5)).isEqualTo(a);
        assertThat(trace(6)).isNotEqualTo(a);
    }

    private static List<PrinterStatus> trace(long seed) throws GcodeException {
        PrinterModel m = new PrinterModel(PrinterParameters.DEFAULTS, PrintJob.standard("cube", Material.PLA, 50),
                Scenario.named("clog", 150, Material.PLA), seed);
        List<PrinterStatus> out = new java.util.ArrayList<>();
        for (int i = 0; i < 4 * 300; i++) {
            if (i == 800) {
                m.submit("M221 S105");
            }
            m.advance(0.25);
            out.add(m.status());
        }
        return out;
    }

    private static void assertKind(PrinterModel m, String script, GcodeException.Kind kind) {
        assertThatThrownBy(() -> m.submit(script)).isInstanceOfSatisfying(GcodeException.class,
                e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
