package dev.plantctl.controllers.printer;

import dev.plantctl.core.ShieldIntervention;
import dev.plantctl.models.printer.MonitoringWindow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

import static dev.plantctl.controllers.printer.Windows.PLA;
import static dev.plantctl.controllers.printer.Windows.estimate;
import static dev.plantctl.controllers.printer.Windows.nominal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The second pass: the rules of the retrieved cards change the decision, and without the card it changes back. */
class RetrievedRulesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final PrinterMemory WARNED = PrinterMemory.EMPTY.with("flow_under", 1, Double.NaN);

    private static PrinterDecision decide(UnaryOperator<List<FactCard>> corpus, MonitoringWindow w,
                                          PrinterMemory memory, double flowPct) {
        return decide(corpus, w, memory, flowPct, 0);
    }

    private static PrinterDecision decide(UnaryOperator<List<FactCard>> corpus, MonitoringWindow w,
                                          PrinterMemory memory, double flowPct, double temperatureDevC) {
        try (KnowledgeBase kb = KnowledgeBase.of(corpus.apply(FactCorpus.shipped()))) {
            return new PrinterReasoner(kb, ControlLimits.DEFAULTS).decide("p1", T, w, PLA,
                    estimate(flowPct, 0, temperatureDevC), memory);
        }
    }

    private static UnaryOperator<List<FactCard>> without(String id) {
        return cards -> cards.stream().filter(c -> !c.id().equals(id)).toList();
    }

    private static UnaryOperator<List<FactCard>> replacing(String id, List<FactConstraint> rules) {
        return cards -> cards.stream().map(c -> c.id().equals(id) ? new FactCard(c.id(), c.title(), c.keywords(),
                c.text(), rules) : c).toList();
    }

    @Test
    void theFirstLayerCardWithholdsTheFlowCorrectionAndWithoutItTheFlowIsCorrected() {
        MonitoringWindow first = nominal(1, 40);
        PrinterDecision with = decide(UnaryOperator.identity(), first, WARNED, 85);
        assertThat(with.citations()).extracting(c -> c.card().id()).contains("first-layer-context");
        assertThat(with.tier()).isEqualTo(Tier.NOTIFY);
        assertThat(with.gcode()).isEmpty();
        assertThat(with.steps()).anySatisfy(s -> assertThat(s).startsWith("rule of first-layer-context"
                + " (first-layer withhold M221)").contains("M221 S110.0 is withheld"));

        PrinterDecision without = decide(without("first-layer-context"), first, WARNED, 85);
        assertThat(without.tier()).isEqualTo(Tier.AUTO_ADJUST);
        assertThat(without.gcode()).containsExactly("M221 S110.0");
        assertThat(without.steps()).noneSatisfy(s -> assertThat(s).startsWith("rule of"));
    }

    @Test
    void aRetrievedCommandLimitChangesTheGcodeAndTheExplanationNamesTheCard() {
        MonitoringWindow w = nominal(5, 100);
        PrinterDecision shipped = decide(UnaryOperator.identity(), w, WARNED, 85);
        assertThat(shipped.gcode()).containsExactly("M221 S110.0");
        assertThat(shipped.steps()).noneSatisfy(s -> assertThat(s).startsWith("rule of"));

        PrinterDecision tighter = decide(replacing("gcode-m221", List.of(new FactConstraint.CommandLimit("M221", 90,
                105, 10))), w, WARNED, 85);
        assertThat(tighter.tier()).isEqualTo(Tier.AUTO_ADJUST);
        assertThat(tighter.gcode()).containsExactly("M221 S105.0");
        assertThat(tighter.steps()).anySatisfy(s -> assertThat(s).isEqualTo("rule of gcode-m221 (limit M221 90..105"
                + " step 10): M221 S110.0 → M221 S105.0"));
        assertThat(tighter.explanation().safety()).extracting(ShieldIntervention::reason)
                .contains("card gcode-m221: limit M221 90..105 step 10");
        assertThat(tighter.explanation().setpoints()).containsEntry("flow_pct", 105.0);
    }

    @Test
    void aRetrievedTemperatureWindowBoundsTheTarget() {
        MonitoringWindow cold = Windows.withTemperature(nominal(5, 100), 180, 180);
        PrinterMemory warned = PrinterMemory.EMPTY.with("thermal_cold", 1, Double.NaN);
        assertThat(decide(UnaryOperator.identity(), cold, warned, 92, -30).gcode()).containsExactly("M104 S200");
        PrinterDecision narrower = decide(replacing("material-window-pla", List.of(
                new FactConstraint.TemperatureWindow("PLA", 185, 198))), cold, warned, 92, -30);
        assertThat(narrower.gcode()).containsExactly("M104 S196");
        assertThat(narrower.steps()).anySatisfy(s -> assertThat(s).startsWith("rule of material-window-pla"));
    }

    @Test
    void theClogCardAsksTheOperatorInsteadOfRaisingTheFlowAndWithoutItTheFlowIsRaised() {
        MonitoringWindow loaded = Windows.withFeed(nominal(6, 150), 0.6, 1.0);
        PrinterMemory risingTwice = WARNED.with(new LoadTrend(0.5, 2));
        PrinterDecision with = decide(UnaryOperator.identity(), loaded, risingTwice, 88);
        assertThat(with.citations()).extracting(c -> c.card().id()).contains("clog-partial");
        assertThat(with.tier()).isEqualTo(Tier.ASK_OPERATOR);
        assertThat(with.issue()).isEqualTo("clog_suspected");
        assertThat(with.gcode()).isEmpty();
        assertThat(with.steps()).anySatisfy(s -> assertThat(s).startsWith("rule of clog-partial (clog-escalation"
                + " after 3 layers): 3 consecutive under-extrusion layers"));
        assertThat(with.memory().loadTrend()).isEqualTo(new LoadTrend(0.6, 3));

        PrinterDecision without = decide(without("clog-partial"), loaded, risingTwice, 88);
        assertThat(without.tier()).isEqualTo(Tier.AUTO_ADJUST);
        assertThat(without.gcode()).containsExactly("M221 S110.0");

        PrinterDecision notRising = decide(UnaryOperator.identity(), loaded, WARNED.with(new LoadTrend(0.7, 2)),
                88);
        assertThat(notRising.tier()).as("a falling load is no clog").isEqualTo(Tier.AUTO_ADJUST);
        assertThat(new LoadTrend(0.18, 2).next(true, 0.181).risingLayers()).as("noise on a steady load is no rise")
                .isZero();
        assertThat(new LoadTrend(0.18, 2).next(true, 0.2).risingLayers()).isEqualTo(3);
    }

    @Test
    void theCorpusStatesItsRulesAndAMalformedRuleIsRefusedNamingWhere() throws Exception {
        assertThat(KnowledgeBase.shipped().card("gcode-m221").orElseThrow().constraints())
                .containsExactly(new FactConstraint.CommandLimit("M221", 80, 120, 10));
        assertThat(FactCorpus.shipped()).filteredOn(c -> !c.constraints().isEmpty()).extracting(FactCard::id)
                .contains("clog-partial", "first-layer-context", "material-window-pla", "gcode-m290");
        String bad = "## a-card | A card\nkeywords: a\nconstraint: limit M221 120..80\nText.\n";
        assertThatThrownBy(() -> FactCorpus.parse(new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)),
                "test.txt")).hasMessageStartingWith("test.txt:3: card 'a-card'").hasMessageContaining("min <= max");
        String unknown = "## a-card | A card\nkeywords: a\nconstraint: never M221\nText.\n";
        assertThatThrownBy(() -> FactCorpus.parse(new ByteArrayInputStream(unknown.getBytes(StandardCharsets.UTF_8)),
                "test.txt")).hasMessageStartingWith("test.txt:3:").hasMessageContaining("is none of: limit");
        String late = "## a-card | A card\nkeywords: a\nText.\nconstraint: window PLA 190..220\n";
        assertThatThrownBy(() -> FactCorpus.parse(new ByteArrayInputStream(late.getBytes(StandardCharsets.UTF_8)),
                "test.txt")).hasMessageContaining("test.txt:4").hasMessageContaining("after its text");
    }
}
