package dev.plantctl.controllers.printer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnowledgeBaseTest {

    private static KnowledgeBase kb;

    @BeforeAll
    static void index() {
        kb = KnowledgeBase.shipped();
    }

    @AfterAll
    static void close() {
        kb.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "lines narrow with gaps, flow below 90 percent | flow-under-extrusion",
        "wide lines, blobs, flow above 110 | flow-over-extrusion",
        "the gear slips, filament sensor below the commanded feed | extruder-slip",
        "partial clog of the nozzle, motor load rising | clog-partial",
        "maximum volumetric speed of the hotend in mm3/s | melt-capacity",
        "PETG temperature window | material-window-petg",
        "first layer adhesion and the Z offset | z-offset-first-layer",
        "babystep Z from the measured width | z-babystep-from-width",
        "pressure advance K at corners | pressure-advance",
        "M221 command | gcode-m221",
        "M220 command | gcode-m220",
        "M104 command | gcode-m104",
        "M290 command | gcode-m290",
        "PAUSE command | gcode-pause",
        "thermistor reads high, heater power does not fit the reading | sensor-plausibility",
        "material the expert was not trained on | unknown-material",
    })
    void ranksTheRightCardFirst(String query, String id) {
        List<Citation> hits = kb.search(query, 3);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).card().id()).isEqualTo(id);
        assertThat(hits.get(0).passage()).isNotBlank();
        assertThat(hits.get(0).card().text()).contains(hits.get(0).passage());
    }

    @Test
    void luceneSyntaxInAQueryIsText() {
        assertThat(kb.search("flow: \"under-extrusion\" AND (clog OR [x TO y]) ~ *", 2)).isNotEmpty();
        assertThat(kb.search("   ", 2)).isEmpty();
    }

    @Test
    void theShippedCorpusCoversTheIssueTopicsWithUniqueIds() {
        assertThat(kb.cards()).extracting(FactCard::id).doesNotHaveDuplicates()
                .contains("flow-under-extrusion", "flow-over-extrusion", "clog-partial", "material-window-pla",
                        "z-offset-first-layer", "melt-capacity", "pressure-advance", "gcode-m221", "gcode-m220",
                        "gcode-m104", "gcode-m109", "gcode-m290", "gcode-m900", "gcode-pause", "gcode-m112");
    }

    @Test
    void aMalformedCorpusIsRefusedNamingTheLine() {
        String twice = "## a-b | A\nkeywords: x\ntext\n## a-b | again\nkeywords: y\nmore\n";
        assertThatThrownBy(() -> FactCorpus.parse(new ByteArrayInputStream(twice.getBytes(StandardCharsets.UTF_8)),
                "test")).hasMessageContaining("test:4").hasMessageContaining("'a-b' is used twice");
        String noKeywords = "## a-b | A\ntext without keywords\n";
        assertThatThrownBy(() -> FactCorpus.parse(new ByteArrayInputStream(
                noKeywords.getBytes(StandardCharsets.UTF_8)), "test")).hasMessageContaining("test:2")
                .hasMessageContaining("keywords");
    }
}
