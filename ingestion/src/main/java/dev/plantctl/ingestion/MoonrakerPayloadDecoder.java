package dev.plantctl.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;

import java.util.List;

/**
 * Decodes Moonraker's per-field printer status, published with {@code publish_split_status} on
 * {@code {instance}/klipper/state/{object}/{field}} as {@code {"eventtime": 12345.678, "value": 210.0}}, into one
 * sample whose address is the topic.
 *
 * <p>{@code eventtime} is Klipper's monotonic host clock (seconds since the host booted), not wall-clock time,
 * so the sample's event time is the message's arrival; a payload without a finite, non-negative
 * {@code eventtime} is not Moonraker status and is malformed. A value that is not a number (a state such as
 * {@code "printing"}) gives a sample of its JSON type; an absent value one of type
 * {@value PayloadDecoder#TYPE_MISSING}.
 */
public final class MoonrakerPayloadDecoder implements PayloadDecoder {

    private static final long serialVersionUID = 1L;

    @Override
    public Decoded decode(RawMessage message) {
        Json.Parsed parsed = Json.parse(message);
        if (parsed.refusal() != null) {
            return parsed.refusal();
        }
        JsonNode root = parsed.node();
        if (root == null || !root.isObject()) {
            return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                    + " is not a Moonraker status object");
        }
        JsonNode eventtime = root.path("eventtime");
        if (!eventtime.isNumber() || !(eventtime.doubleValue() >= 0) || Double.isInfinite(eventtime.doubleValue())) {
            return Decoded.refuse(message, Reason.MALFORMED_PAYLOAD, "payload on " + message.topic()
                    + " has no finite, non-negative number 'eventtime'");
        }
        JsonNode value = root.path("value");
        return new Decoded.Samples(List.of(new RawSample(message.source(), message.topic(),
                value.isNumber() ? value.doubleValue() : Double.NaN, Json.typeName(value), message.receivedAt(),
                message.receivedAt(), 0)));
    }
}
