package dev.plantctl.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GcodeGateTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final IdentityPolicy policy = WritePolicy.shipped().identity("printer-control");

    @Test
    void theControllersCommandsPassRenderedFromTheirValues() {
        GcodeGate gate = new GcodeGate(policy);
        GcodeGate.Verdict v = gate.check("p1", 3, "PLA", "M221 S95.50\nM104 S+205\nSET_GCODE_OFFSET Z_ADJUST=0.020"
                + " MOVE=1\n", T0);
        assertThat(v.passed()).isTrue();
        assertThat(v.script()).isEqualTo("M221 S95.5\nM104 S205\nSET_GCODE_OFFSET Z_ADJUST=0.02 MOVE=1");
        assertThat(gate.check("p1", 4, "PLA", "PAUSE", T0).script()).isEqualTo("PAUSE");
    }

    @Test
    void whatTheFuzzerFoundIsRefused() {
        GcodeGate gate = new GcodeGate(policy);
        assertRefused(gate.check("p1", 1, "PLA", "M290 ZNaN", T0), Refusal.SYNTAX, "character 'a' at column 8 is not allowed");
        assertRefused(gate.check("p1", 1, "PLA", "M104 S170", T0), Refusal.MATERIAL_WINDOW,
                "M104 S 170 °C is outside the PLA window [190, 220] °C");
        assertRefused(gate.check("p1", 1, "PLA", "M104 S260", T0), Refusal.MATERIAL_WINDOW, "outside the PLA window");
        assertRefused(gate.check("p1", 1, "PLA", "M221 S95 ; comment", T0), Refusal.SYNTAX, "';'");
        assertRefused(gate.check("p1", 1, "PLA", "G1 Z-5", T0), Refusal.NOT_ALLOWED, "G1 is not on the allow-list");
        assertRefused(gate.check("p1", 1, "PLA", "FIRMWARE_RESTART", T0), Refusal.NOT_ALLOWED, "not on the allow-list");
        assertRefused(gate.check("p1", 1, "PLA", "M221 S95 T1", T0), Refusal.NOT_ALLOWED, "parameter T of M221");
        assertRefused(gate.check("p1", 1, "PLA", "M221", T0), Refusal.MISSING_PARAMETER, "M221 needs S");
        assertRefused(gate.check("p1", 1, "PLA", "M221 S200", T0), Refusal.RANGE, "outside [80, 120]");
        assertRefused(gate.check("p1", 1, "PLA", "M221 S1E2", T0), Refusal.SYNTAX, "not a parameter");
        assertRefused(gate.check("p1", 1, "PLA", "m221 s95", T0), Refusal.SYNTAX, "'m'");
        assertRefused(gate.check("p1", 1, "PLA", "M221 S95\nM221 S96", T0), Refusal.DUPLICATE, "twice");
        assertRefused(gate.check("p1", 1, "NYLON", "M104 S230", T0), Refusal.MATERIAL_WINDOW,
                "no temperature window for material NYLON");
    }

    @Test
    void oneRefusedLineRefusesTheWholeScript() {
        GcodeGate.Verdict v = new GcodeGate(policy).check("p1", 1, "PLA", "M221 S95\nM104 S300", T0);
        assertThat(v.script()).isEmpty();
        assertThat(v.refusals()).singleElement().extracting(Refusal::rule).isEqualTo(Refusal.MATERIAL_WINDOW);
    }

    @Test
    void babystepsAddUpToTheTotalOfOnePrintAndANewPrintStartsAfresh() {
        GcodeGate gate = new GcodeGate(policy);
        for (int layer = 1; layer <= 4; layer++) {
            assertThat(gate.check("p1", layer, "PLA", "M290 Z0.05", T0).passed()).isTrue();
        }
        assertRefused(gate.check("p1", 5, "PLA", "M290 Z0.01", T0), Refusal.CUMULATIVE,
                "would bring this print's total to 0.21, beyond ±0.2");
        assertThat(gate.check("p1", 6, "PLA", "M290 Z-0.05", T0).passed()).isTrue();
        assertThat(gate.check("p2", 6, "PLA", "M290 Z0.05", T0).passed()).as("another printer").isTrue();
        assertThat(gate.check("p1", 1, "PLA", "M290 Z0.05", T0).passed()).as("a new print").isTrue();
    }

    @Test
    void aFlowChangeFasterThanTheRateIsRefusedUntilTimePasses() {
        GcodeGate gate = new GcodeGate(policy);
        assertThat(gate.check("p1", 1, "PLA", "M221 S100", T0).passed()).isTrue();
        assertThat(gate.check("p1", 2, "PLA", "M221 S110", T0.plusMillis(500)).passed()).isTrue();
        assertRefused(gate.check("p1", 3, "PLA", "M221 S120", T0.plusMillis(1000)), Refusal.RATE,
                "change from 100");
        assertThat(gate.check("p1", 4, "PLA", "M221 S120", T0.plusMillis(4100)).passed()).isTrue();
    }

    @Test
    void aRestoredGateKeepsTheRunningTotal() throws Exception {
        GcodeGate gate = new GcodeGate(policy);
        gate.check("p1", 1, "PLA", "M290 Z0.05", T0);
        gate.check("p1", 2, "PLA", "M290 Z0.05", T0);
        gate.check("p1", 3, "PLA", "M290 Z0.05", T0);
        GcodeGate restored = GcodeGate.restore(policy, gate.state());
        assertThat(restored.check("p1", 4, "PLA", "M290 Z0.05", T0).passed()).isTrue();
        assertThat(restored.check("p1", 5, "PLA", "M290 Z0.01", T0).passed()).isFalse();
    }

    @Test
    void approvalCommandsAreNeverSentAutomatically() {
        IdentityPolicy p = WritePolicy.parse("p.yaml", "format: plantctl-write-policy/1\nidentities:\n  p:\n"
                + "    gcode:\n      CANCEL_PRINT: {approval: true}\n").identity("p");
        assertRefused(new GcodeGate(p).check("p1", 1, "PLA", "CANCEL_PRINT", T0), Refusal.APPROVAL_REQUIRED,
                "only with an operator's approval");
    }

    @Test
    void theGrammarNamesTheLineAtFault() {
        assertThatThrownBy(() -> GcodeLine.parseScript("M221 S95\nM104 S2O5"))
                .hasMessageContaining("line 2: 'S2O5' is not a parameter");
        assertThatThrownBy(() -> GcodeLine.parseScript("M221 S95\n\nPAUSE")).hasMessageContaining("line 2: empty");
        assertThatThrownBy(() -> GcodeLine.parseScript("PAUSE\r")).hasMessageContaining("U+000D");
    }

    private static void assertRefused(GcodeGate.Verdict v, String rule, String reason) {
        assertThat(v.script()).isEmpty();
        assertThat(v.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(rule);
            assertThat(r.reason()).contains(reason);
        });
    }
}
