package dev.plantctl.controllers.printer;

import dev.plantctl.core.Explanation;
import dev.plantctl.core.Factor;
import dev.plantctl.models.printer.MonitoringWindow;
import dev.plantctl.models.printer.PrintContext;
import dev.plantctl.models.printer.ProcessEstimate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.plantctl.controllers.printer.Windows.PLA;
import static dev.plantctl.controllers.printer.Windows.estimate;
import static dev.plantctl.controllers.printer.Windows.nominal;
import static org.assertj.core.api.Assertions.assertThat;

class PrinterReasonerTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static KnowledgeBase kb;
    private static PrinterReasoner reasoner;

    @BeforeAll
    static void setUp() {
        kb = KnowledgeBase.shipped();
        reasoner = new PrinterReasoner(kb, ControlLimits.DEFAULTS);
    }

    @AfterAll
    static void tearDown() {
        kb.close();
    }

    /** Decides on consecutive 25 s layers from layer 3, each with the given estimate, threading the memory. */
    private static List<PrinterDecision> run(PrintContext job, List<ProcessEstimate> estimates) {
        List<PrinterDecision> out = new ArrayList<>();
        PrinterMemory memory = PrinterMemory.EMPTY;
        for (int i = 0; i < estimates.size(); i++) {
            MonitoringWindow w = nominal(3 + i, 100 + 25 * i);
            PrinterDecision d = reasoner.decide("p1", T.plusSeconds(125 + 25L * i), w, job, estimates.get(i), memory);
            out.add(d);
            memory = d.memory();
        }
        return out;
    }

    @Test
    void aGoodLineGetsNoAction() {
        PrinterDecision d = run(PLA, List.of(estimate(99, 0.002, 0.3))).get(0);
        assertThat(d.tier()).isEqualTo(Tier.NONE);
        assertThat(d.gcode()).isEmpty();
    }

    @Test
    void warnsFirstThenAdjustsWithinTheEnvelope() {
        List<PrinterDecision> d = run(PLA, List.of(estimate(88, 0, 0), estimate(88, 0, 0)));
        assertThat(d.get(0).tier()).isEqualTo(Tier.NOTIFY);
        assertThat(d.get(0).gcode()).isEmpty();
        assertThat(d.get(1).tier()).isEqualTo(Tier.AUTO_ADJUST);
        assertThat(d.get(1).gcode()).containsExactly("M221 S110.0");
    }

    @Test
    void noiseThatDoesNotPersistNeverActs() {
        List<PrinterDecision> d = run(PLA, List.of(estimate(94, 0, 0), estimate(100, 0, 0), estimate(106, 0, 0),
                estimate(100, 0, 0), estimate(95, 0, 0), estimate(101, 0, 0)));
        assertThat(d).extracting(PrinterDecision::tier).doesNotContain(Tier.AUTO_ADJUST);
    }

    @Test
    void theDeadTimeOfACommandIsRespected() {
        PrinterMemory justSent = PrinterMemory.EMPTY.with("flow_under", 2, 120);
        MonitoringWindow mixed = nominal(5, 118);
        PrinterDecision d = reasoner.decide("p1", T, mixed, PLA, estimate(92, 0, 0), justSent);
        assertThat(d.tier()).isEqualTo(Tier.NOTIFY);
        assertThat(d.gcode()).isEmpty();
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("dead time"));
        assertThat(d.memory()).isEqualTo(justSent);
        PrinterDecision settled = reasoner.decide("p1", T, nominal(5, 121), PLA, estimate(92, 0, 0), justSent);
        assertThat(settled.tier()).isEqualTo(Tier.AUTO_ADJUST);
    }

    @Test
    void noCorrectionIsStackedOnOneThePrinterHasNotAppliedYet() {
        PrinterDecision acted = run(PLA, List.of(estimate(88, 0, 0), estimate(88, 0, 0))).get(1);
        assertThat(acted.gcode()).containsExactly("M221 S110.0");
        PrinterMemory memory = acted.memory();
        for (int i = 0; i < PrinterReasoner.MAX_WINDOWS_UNSEEN; i++) {
            MonitoringWindow stillAt100 = nominal(5 + i, 150 + 25 * i);
            PrinterDecision d = reasoner.decide("p1", T, stillAt100, PLA, estimate(88, 0, 0), memory);
            assertThat(d.gcode()).isEmpty();
            assertThat(d.tier()).isEqualTo(i + 1 < PrinterReasoner.MAX_WINDOWS_UNSEEN ? Tier.NOTIFY
                    : Tier.ASK_OPERATOR);
            memory = d.memory();
        }
        MonitoringWindow w = nominal(5, 150);
        MonitoringWindow applied = new MonitoringWindow(w.layer(), w.startS(), w.endS(), w.widthMm(), w.heightMm(),
                w.temperatureC(), w.targetC(), w.heaterDuty(), 1, 1.09, 0, 60, Windows.FEED * 1.09, 0.2,
                Windows.FEED * 1.09, 1);
        PrinterDecision after = reasoner.decide("p1", T, applied, PLA, estimate(97, 0, 0), acted.memory());
        assertThat(after.tier()).isEqualTo(Tier.NONE);
        assertThat(after.memory().pending().none()).isTrue();
    }

    @Test
    void aColdHotendIsBlamedBeforeTheFlow() {
        MonitoringWindow cold = Windows.withTemperature(nominal(5, 100), 180, 180);
        PrinterMemory warned = PrinterMemory.EMPTY.with("thermal_cold", 1, Double.NaN);
        PrinterDecision d = reasoner.decide("p1", T, cold, PLA, estimate(92, 0, -30), warned);
        assertThat(d.issue()).isEqualTo("thermal_cold");
        assertThat(d.gcode()).containsExactly("M104 S200");
        assertThat(d.citations()).extracting(c -> c.card().id()).contains("gcode-m104");
    }

    @Test
    void theFirstLayerCorrectsOnlyTheZOffset() {
        MonitoringWindow first = nominal(1, 40);
        PrinterMemory warned = PrinterMemory.EMPTY.with("flow_under", 1, Double.NaN);
        PrinterDecision d = reasoner.decide("p1", T, first, PLA, estimate(85, 0, 0), warned);
        assertThat(d.tier()).isEqualTo(Tier.NOTIFY);
        assertThat(d.gcode()).isEmpty();
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("first layer").contains("warning only"));
    }

    @Test
    void aDriftingNozzleIsBabysteppedAheadOfTheDrift() {
        PrinterMemory before = PrinterMemory.EMPTY.with("z_offset", 2, Double.NaN).withDrift(0.02, 87.5);
        PrinterDecision d = reasoner.decide("p1", T, nominal(5, 100), PLA, estimate(100, 0.03, 0), before);
        assertThat(d.tier()).isEqualTo(Tier.AUTO_ADJUST);
        assertThat(d.gcode()).singleElement().satisfies(g -> assertThat(g).startsWith("M290 Z-0.04"));
        assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("drift"));
        assertThat(d.memory().driftMm()).isEqualTo(0.03);
    }

    @Test
    void outOfDistributionNeverAdjustsAndSaysWhy() {
        PrintContext unknown = new PrintContext("PA12", 250, 0.45, 0.2);
        PrintContext petg = new PrintContext("PETG", 240, 0.45, 0.2);
        ProcessEstimate uncertain = new ProcessEstimate(80, 9, 0, 0.004, 0, 0.3, "printer-expert/test");
        for (List<PrinterDecision> run : List.of(run(unknown, List.of(estimate(80, 0, 0), estimate(80, 0, 0))),
                run(petg, List.of(estimate(80, 0, 0), estimate(80, 0, 0))),
                run(PLA, List.of(uncertain, uncertain, uncertain)))) {
            assertThat(run).allSatisfy(d -> {
                assertThat(d.tier()).isEqualTo(Tier.ASK_OPERATOR);
                assertThat(d.gcode()).isEmpty();
                assertThat(PrinterReasoner.isOutOfDistribution(d.issue())).isTrue();
                assertThat(d.explanation().summary()).startsWith("ask_operator").contains(d.issue());
                assertThat(d.steps()).anySatisfy(s -> assertThat(s).contains("no autonomous adjustment"));
            });
        }
        MonitoringWindow cold = Windows.withDuty(nominal(4, 100), 0.95);
        PrinterDecision implausible = reasoner.decide("p1", T, cold, PLA, estimate(80, 0, 0),
                PrinterMemory.EMPTY.with("flow_under", 5, Double.NaN));
        assertThat(implausible.tier()).isEqualTo(Tier.ASK_OPERATOR);
        assertThat(implausible.issue()).isEqualTo("implausible_sensor");
    }

    @Test
    void aLineLostToSlipAtTheSpeedFloorPausesThePrint() {
        MonitoringWindow w = Windows.withFeed(nominal(8, 300), 1.0, 0.4);
        MonitoringWindow floored = new MonitoringWindow(w.layer(), w.startS(), w.endS(), 0.2, w.heightMm(), 218, 218,
                PhysicsChecks.neededDuty(Windows.withTemperature(w, 218, 218), dev.plantctl.models.printer.Material.PLA),
                0.5, 1, 0, 30, Windows.FEED / 2, 1.0, Windows.FEED / 2 * 0.4, 1);
        PrinterDecision d = reasoner.decide("p1", T, floored, PLA, estimate(40, 0, 8),
                PrinterMemory.EMPTY.with("extruder_slip", 3, Double.NaN));
        assertThat(d.tier()).isEqualTo(Tier.PAUSE);
        assertThat(d.gcode()).containsExactly("PAUSE");
    }

    @Test
    void everyExplanationHoldsEstimatesStepsTierGcodeAndACitation() {
        List<PrinterDecision> all = new ArrayList<>(run(PLA, List.of(estimate(99, 0, 0), estimate(88, 0, 0),
                estimate(88, 0, 0), estimate(100, 0.03, 0))));
        all.addAll(run(new PrintContext("PA12", 250, 0.45, 0.2), List.of(estimate(80, 0, 0))));
        assertThat(all).extracting(PrinterDecision::tier).contains(Tier.NONE, Tier.NOTIFY, Tier.AUTO_ADJUST,
                Tier.ASK_OPERATOR);
        for (PrinterDecision d : all) {
            Explanation e = d.explanation();
            assertThat(e.factors()).extracting(Factor::name).contains("flow_pct", "z_offset_mm", "temperature_dev_c",
                    "tier", "step_1", "step_2");
            assertThat(e.factors()).filteredOn(f -> f.name().equals("flow_pct")).singleElement()
                    .satisfies(f -> assertThat(f.effect()).startsWith("σ "));
            assertThat(e.factors()).filteredOn(f -> f.name().equals("tier")).singleElement()
                    .satisfies(f -> assertThat(f.effect()).isEqualTo(d.tier().label()));
            assertThat(e.factors()).filteredOn(f -> f.name().equals("gcode")).extracting(Factor::effect)
                    .containsExactlyElementsOf(d.gcode());
            assertThat(e.summary()).startsWith(d.tier().label());
            assertThat(e.citations()).isNotEmpty().allSatisfy(c -> assertThat(c).matches("[a-z0-9-]+: .+"));
            assertThat(e.modelVersion()).isEqualTo("printer-expert/test");
        }
    }
}
