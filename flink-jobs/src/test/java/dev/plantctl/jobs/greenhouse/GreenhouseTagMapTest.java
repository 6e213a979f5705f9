package dev.plantctl.jobs.greenhouse;

import dev.plantctl.ingestion.TagBinding;
import dev.plantctl.ingestion.TagMap;
import dev.plantctl.ingestion.TagMapException;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded greenhouse tag map agrees with the signals the simulator serves and the controller reads. */
class GreenhouseTagMapTest {

    private static String nodeId(String compartment, String signal) {
        return "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s=" + GreenhouseSignals.nodeIdentifier(compartment, signal);
    }

    @Test
    void theEmbeddedMapBindsEverySensorAndActuatorOfEveryCompartment() throws Exception {
        TagMap map = GreenhouseTagMap.load(null, 3);
        assertThat(map.unitIds()).containsExactly("c1", "c2", "c3");
        assertThat(map.nodeIds()).hasSize(3 * GreenhouseSignals.SENSOR_UNITS.size());
        for (String c : map.unitIds()) {
            GreenhouseSignals.SENSOR_UNITS.forEach((signal, unit) -> {
                TagBinding b = map.binding(nodeId(c, signal)).orElseThrow();
                assertThat(b.unitId()).isEqualTo(c);
                assertThat(b.tag()).isEqualTo(signal);
                assertThat(b.unit()).isEqualTo(unit);
                assertThat(b.plant()).isEqualTo(GreenhouseSignals.PLANT);
                assertThat(b.stalenessLimit()).isEqualTo(GreenhouseJobConfig.DEFAULT_CONTROL_PERIOD.multipliedBy(2));
                assertThat(b.conversion().isIdentity()).isTrue();
            });
            GreenhouseSignals.ACTUATOR_UNITS.keySet().forEach(a ->
                    assertThat(map.actuatorAddress(c, a)).contains(nodeId(c, a)));
        }
        assertThat(map.binding(nodeId("c1", GreenhouseSignals.AIR_TEMPERATURE)).orElseThrow().period())
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aFileThatLacksWhatTheControllerNeedsIsRefusedAtStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("greenhouse.yaml");
        Files.writeString(file, """
                format: plantctl-tagmap/1
                plant: greenhouse
                units: [c1]
                defaults: {period: 15m}
                tags:
                  air_temperature:
                    source: {opcua: "ns=2;s={unit}/t"}
                    source_unit: degC
                    unit: degF
                    range: [0, 140]
                """);
        assertThatThrownBy(() -> GreenhouseTagMap.load(file, 1)).isInstanceOf(TagMapException.class)
                .hasMessageContaining(file + ":0: tags: the greenhouse controller needs:")
                .hasMessageContaining("tags.air_temperature is in degF, not degC")
                .hasMessageContaining("tags.co2 is missing for c1")
                .hasMessageContaining("actuators.heating is missing for c1");
        Files.writeString(file, Files.readString(file).replace("plant: greenhouse", "plant: printer"));
        assertThatThrownBy(() -> GreenhouseTagMap.load(file, 1)).hasMessageContaining("plant: is 'printer'");
    }
}
