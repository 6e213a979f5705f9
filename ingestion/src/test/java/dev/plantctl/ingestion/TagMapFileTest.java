package dev.plantctl.ingestion;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagMapFileTest {

    private static final String TEMPLATE = """
            format: plantctl-tagmap/1
            plant: greenhouse
            units: {count: 3, id: "gh-{n}"}
            defaults: {period: 15m}
            tags:
              co2:
                source: {opcua: "ns=2;s={unit}/co2"}
                unit: ppm
                range: [0, 10000]
              air_temperature:
                source: {mqtt: "farm/{unit}/climate", decoder: json, pointer: /t}
                source_unit: K
                unit: degC
                range: [-30, 60]
                staleness: 1h
                lateness: 0s
            actuators:
              heating: {target: {opcua: "ns=2;s={unit}/heating"}, unit: W/m2}
            """;

    @Test
    void aCountOfUnitsBindsEachTemplateOncePerUnit() {
        TagMapFile file = TagMapFile.parse("t.yaml", TEMPLATE);
        assertThat(file.plant()).isEqualTo("greenhouse");
        assertThat(file.unitIds()).containsExactly("gh-1", "gh-2", "gh-3");
        TagMap map = file.tagMap();
        assertThat(map.bindings()).hasSize(6);
        assertThat(map.nodeIds()).containsExactly("ns=2;s=gh-1/co2", "ns=2;s=gh-2/co2", "ns=2;s=gh-3/co2");
        assertThat(map.topicFilters()).containsExactly("farm/gh-1/climate", "farm/gh-2/climate", "farm/gh-3/climate");
        assertThat(map.actuatorAddress("gh-2", "heating")).contains("ns=2;s=gh-2/heating");
        TagBinding air = map.binding("farm/gh-3/climate#/t").orElseThrow();
        assertThat(air.unitId()).isEqualTo("gh-3");
        assertThat(air.conversion().apply(273.15)).isEqualTo(0.0);
        assertThat(air.stalenessLimit()).isEqualTo(Duration.ofHours(1));
        assertThat(air.allowedLateness()).isZero();
    }

    @Test
    void defaultsFillWhatATagLeavesOpen() {
        TagBinding co2 = TagMapFile.parse("t.yaml", TEMPLATE).tagMap().binding("ns=2;s=gh-1/co2").orElseThrow();
        assertThat(co2.period()).isEqualTo(Duration.ofMinutes(15));
        assertThat(co2.stalenessLimit()).as("two periods").isEqualTo(Duration.ofMinutes(30));
        assertThat(co2.allowedLateness()).as("one period").isEqualTo(Duration.ofMinutes(15));
        assertThat(co2.conversion().isIdentity()).isTrue();
    }

    @Test
    void aJobMayBindTheTemplatesToUnitsOfItsOwn() {
        TagMap map = TagMapFile.parse("t.yaml", TEMPLATE).tagMap(List.of("east", "west"));
        assertThat(map.unitIds()).containsExactly("east", "west");
        assertThat(map.nodeIds()).containsExactly("ns=2;s=east/co2", "ns=2;s=west/co2");
        assertThatThrownBy(() -> TagMapFile.parse("t.yaml", TEMPLATE).tagMap(List.of("a/b")))
                .isInstanceOf(TagMapException.class).hasMessageContaining("t.yaml:3: units: unit id 'a/b'");
    }

    @Test
    void oneUnitNeedsNoPlaceholder() {
        TagMap map = TagMapFile.parse("one.yaml", """
                format: plantctl-tagmap/1
                plant: printer
                units: [p1]
                tags:
                  hotend: {source: {mqtt: "p1/klipper/state/extruder/temperature", decoder: moonraker},
                           unit: degC, range: [0, 320], period: 1s}
                """).tagMap();
        assertThat(map.binding("p1/klipper/state/extruder/temperature")).isPresent();
    }

    @Test
    void aMissingKeyIsReportedAtTheLineOfItsParent() {
        assertThatThrownBy(() -> TagMapFile.parse("m.yaml", """
                format: plantctl-tagmap/1
                plant: greenhouse
                units: [c1]
                defaults: {period: 1m}
                tags:
                  co2:
                    source: {opcua: "ns=2;s=co2"}
                    range: [0, 1]
                """)).isInstanceOfSatisfying(TagMapException.class, e -> {
                    assertThat(e.line()).isEqualTo(6);
                    assertThat(e.key()).isEqualTo("tags.co2.unit");
                    assertThat(e.problem()).isEqualTo("missing");
                });
    }

    @Test
    void theTagMapSurvivesJavaSerialization() throws Exception {
        TagMap map = TagMapFile.parse("t.yaml", TEMPLATE).tagMap();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new SampleValidator(map));
            out.writeObject(new TagMapDecoder(map));
        }
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()))) {
            SampleValidator validator = (SampleValidator) in.readObject();
            TagMapDecoder decoder = (TagMapDecoder) in.readObject();
            assertThat(validator.tagMap().describe()).isEqualTo(map.describe());
            assertThat(decoder.decode(PayloadDecodersTest.message("farm/gh-1/climate", "{\"t\": 290}")))
                    .isInstanceOf(Decoded.Samples.class);
        }
    }
}
