package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.ingestion.TagSource.MqttField;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the messages of every MQTT topic filter of a tag map with the decoder its bindings name: a number,
 * the JSON pointers of all tags bound to the filter, or Moonraker status. A message whose topic no filter
 * matches becomes an {@link Reason#UNKNOWN_ADDRESS} dead letter. The tag map guarantees that at most one
 * filter matches a topic.
 */
public final class TagMapDecoder implements PayloadDecoder {

    private static final long serialVersionUID = 1L;

    private final Map<String, PayloadDecoder> exact = new HashMap<>();
    private final List<String> wildcardFilters = new ArrayList<>();
    private final List<PayloadDecoder> wildcardDecoders = new ArrayList<>();

    /** The decoder of every MQTT binding of the tag map. */
    public TagMapDecoder(TagMap tagMap) {
        tagMap.mqttFieldsByTopicFilter().forEach((filter, fields) -> {
            PayloadDecoder decoder = decoderOf(fields);
            if (TopicFilter.hasWildcard(filter)) {
                wildcardFilters.add(filter);
                wildcardDecoders.add(decoder);
            } else {
                exact.put(filter, decoder);
            }
        });
    }

    private static PayloadDecoder decoderOf(List<MqttField> fields) {
        MqttField first = fields.get(0);
        return switch (first.decoder()) {
            case NUMBER -> new NumberPayloadDecoder();
            case MOONRAKER -> new MoonrakerPayloadDecoder();
            case JSON -> new JsonPayloadDecoder(fields.stream().map(MqttField::pointer).toList(), first.time());
        };
    }

    @Override
    public Decoded decode(RawMessage message) {
        String topic = message.topic();
        if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return Decoded.refuse(message, Reason.UNKNOWN_ADDRESS, "'" + topic + "' of " + message.source()
                    + " is not an MQTT topic name (empty, or with a wildcard)");
        }
        PayloadDecoder decoder = exact.get(topic);
        for (int i = 0; i < wildcardFilters.size() && decoder == null; i++) {
            if (TopicFilter.matches(wildcardFilters.get(i), topic)) {
                decoder = wildcardDecoders.get(i);
            }
        }
        if (decoder == null) {
            return Decoded.refuse(message, Reason.UNKNOWN_ADDRESS, "no tag is bound to topic '" + topic + "' of "
                    + message.source());
        }
        return decoder.decode(message);
    }
}
