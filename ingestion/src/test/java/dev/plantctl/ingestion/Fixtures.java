package dev.plantctl.ingestion;

import dev.plantctl.ingestion.TagSource.MqttField;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The MQTT plant shared by the decoder properties, the fuzz test and the million-payload test. */
final class Fixtures {

    /** The tag map of {@code tagmaps/mqtt-plant.yaml}. */
    static final TagMap MQTT_PLANT;

    static {
        try {
            MQTT_PLANT = TagMapFile.loadResource("tagmaps/mqtt-plant.yaml", Fixtures.class.getClassLoader()).tagMap();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Topics of the plant (one per decoder, and one that matches the wildcard filter) and one bound to nothing. */
    static final List<String> TOPICS = List.of("farm/c1/climate", "farm/c2/climate", "farm/c1/par",
            "farm/c2/klipper/state/heater_bed/temperature", "farm/c1/probe-7/soil", "farm/c3/climate");

    private Fixtures() {
    }

    /**
     * How many values the tag map binds to messages on a topic (0 for an unbound or invalid topic), worked out
     * from the tag map's MQTT fields without the decoder.
     */
    static int fieldsBoundTo(TagMap map, String topic) {
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            return 0;
        }
        for (Map.Entry<String, List<MqttField>> e : map.mqttFieldsByTopicFilter().entrySet()) {
            if (TopicFilter.matches(e.getKey(), topic)) {
                return e.getValue().size();
            }
        }
        return 0;
    }
}
