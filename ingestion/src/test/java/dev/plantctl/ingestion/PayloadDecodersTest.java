package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadDecodersTest {

    private static final Instant RECEIVED = Instant.parse("2026-02-01T00:00:07Z");

    static RawMessage message(String topic, String payload) {
        return message(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    static RawMessage message(String topic, byte[] payload) {
        return new RawMessage("tcp://broker:1883", topic, payload, RECEIVED);
    }

    private static List<RawSample> samples(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Samples.class);
        return ((Decoded.Samples) d).samples();
    }

    private static DeadLetter refused(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Undecodable.class);
        return ((Decoded.Undecodable) d).deadLetter();
    }

    @Test
    void plainNumbersDecodeWithTheTopicAsAddressAndArrivalAsTime() {
        NumberPayloadDecoder d = new NumberPayloadDecoder();
        RawSample s = samples(d.decode(message("gh/c1/co2", " 415.5\n"))).get(0);
        assertThat(s.address()).isEqualTo("gh/c1/co2");
        assertThat(s.value()).isEqualTo(415.5);
        assertThat(s.valueType()).isEqualTo(PayloadDecoder.TYPE_NUMBER);
        assertThat(s.sourceTime()).isEqualTo(RECEIVED);
        assertThat(samples(d.decode(message("t", "-4e-3"))).get(0).value()).isEqualTo(-0.004);
        assertThat(samples(d.decode(message("t", "NaN"))).get(0).value()).isNaN();
        assertThat(samples(d.decode(message("t", "-inf"))).get(0).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        RawSample text = samples(d.decode(message("t", "0x1p3"))).get(0);
        assertThat(text.value()).isNaN();
        assertThat(text.valueType()).isEqualTo("String");
        assertThat(refused(d.decode(message("t", ""))).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
        assertThat(refused(d.decode(message("t", new byte[] {(byte) 0xC3, 0x28}))).detail()).contains("UTF-8");
    }

    @Test
    void jsonFieldsDecodeAtTheirPointersWithThePayloadsTime() {
        JsonPayloadDecoder d = new JsonPayloadDecoder(List.of("/air/t", "/rh", "/state", "/gone"),
                new JsonTime("/ts", JsonTime.Format.EPOCH_MILLIS));
        List<RawSample> s = samples(d.decode(message("gh/c1/climate",
                "{\"ts\": 1769904000000, \"air\": {\"t\": 21.5}, \"rh\": 80, \"state\": \"ok\"}")));
        assertThat(s).extracting(RawSample::address).containsExactly("gh/c1/climate#/air/t", "gh/c1/climate#/rh",
                "gh/c1/climate#/state", "gh/c1/climate#/gone");
        assertThat(s).extracting(RawSample::valueType).containsExactly("Double", "Double", "String", "Missing");
        assertThat(s.get(0).value()).isEqualTo(21.5);
        assertThat(s.get(1).value()).isEqualTo(80.0);
        assertThat(s.get(0).sourceTime()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void jsonTimesInEachFormat() {
        Instant t = Instant.parse("2026-02-01T00:15:00.250Z");
        assertThat(samples(new JsonPayloadDecoder(List.of("/v"), new JsonTime("/ts", JsonTime.Format.EPOCH_SECONDS))
                .decode(message("t", "{\"ts\": 1769904900.25, \"v\": 1}"))).get(0).sourceTime()).isEqualTo(t);
        assertThat(samples(new JsonPayloadDecoder(List.of("/v"), new JsonTime("/ts", JsonTime.Format.ISO_8601))
                .decode(message("t", "{\"ts\": \"2026-02-01T01:15:00.25+01:00\", \"v\": 1}"))).get(0).sourceTime())
                .isEqualTo(t);
        assertThat(samples(new JsonPayloadDecoder(List.of("/v"), null).decode(message("t", "{\"v\": 1}"))).get(0)
                .sourceTime()).isEqualTo(RECEIVED);
    }

    @Test
    void malformedJsonIsOneDeadLetterForTheWholeMessage() {
        JsonPayloadDecoder d = new JsonPayloadDecoder(List.of("/v"), new JsonTime("/ts", JsonTime.Format.EPOCH_MILLIS));
        for (String bad : List.of("", "{", "{\"v\": 1} trailing", "{\"v\": 1, \"v\": 2, \"ts\": 0}", "{\"v\": 1}",
                "{\"v\": 1, \"ts\": \"soon\"}", "{\"v\": 1, \"ts\": -5}", "{\"v\": 1, \"ts\": 1e300}")) {
            DeadLetter dl = refused(d.decode(message("gh/c1/climate", bad)));
            assertThat(dl.reason()).as(bad).isEqualTo(Reason.MALFORMED_PAYLOAD);
            assertThat(dl.message().topic()).isEqualTo("gh/c1/climate");
            assertThat(dl.sample()).isNull();
        }
    }

    @Test
    void moonrakerStatusDecodesTheValueStampedOnArrival() {
        MoonrakerPayloadDecoder d = new MoonrakerPayloadDecoder();
        String topic = "printer1/klipper/state/extruder/temperature";
        RawSample s = samples(d.decode(message(topic, "{\"eventtime\": 12345.678, \"value\": 210.4}"))).get(0);
        assertThat(s.address()).isEqualTo(topic);
        assertThat(s.value()).isEqualTo(210.4);
        assertThat(s.sourceTime()).isEqualTo(RECEIVED);
        assertThat(samples(d.decode(message(topic, "{\"eventtime\": 1, \"value\": \"printing\"}"))).get(0).valueType())
                .isEqualTo("String");
        assertThat(samples(d.decode(message(topic, "{\"eventtime\": 1}"))).get(0).valueType()).isEqualTo("Missing");
        assertThat(refused(d.decode(message(topic, "{\"value\": 210}"))).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
        assertThat(refused(d.decode(message(topic, "[1, 2]"))).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
    }

    @Test
    void aTagMapDecodesEachTopicWithItsBindingsDecoderAndRefusesUnknownTopics() {
        TagMap map = TagMap.of(List.of(
                mqtt(new TagSource.MqttField("gh/c1/climate", DecoderKind.JSON, "/t", null), "air_temperature"),
                mqtt(new TagSource.MqttField("gh/c1/climate", DecoderKind.JSON, "/rh", null), "relative_humidity"),
                mqtt(new TagSource.MqttField("gh/+/co2", DecoderKind.NUMBER, "", null), "co2"),
                mqtt(new TagSource.MqttField("p/klipper/state/extruder/#", DecoderKind.MOONRAKER, "", null), "hotend")));
        TagMapDecoder d = new TagMapDecoder(map);
        assertThat(samples(d.decode(message("gh/c1/climate", "{\"t\": 20, \"rh\": 70}")))).hasSize(2);
        RawSample co2 = samples(d.decode(message("gh/c9/co2", "400"))).get(0);
        assertThat(co2.address()).isEqualTo("gh/c9/co2");
        assertThat(map.binding(co2.address())).get().extracting(TagBinding::tag).isEqualTo("co2");
        assertThat(samples(d.decode(message("p/klipper/state/extruder/temperature",
                "{\"eventtime\": 5, \"value\": 200}")))).hasSize(1);
        assertThat(refused(d.decode(message("gh/c1/elsewhere", "1"))).reason()).isEqualTo(Reason.UNKNOWN_ADDRESS);
        assertThat(refused(d.decode(message("gh/+/co2", "1"))).reason()).isEqualTo(Reason.UNKNOWN_ADDRESS);
    }

    private static TagBinding mqtt(TagSource.MqttField source, String tag) {
        return new TagBinding(source, "greenhouse", "c1", tag, "u", UnitConversion.identity("u"), -1e9, 1e9,
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(1), null);
    }
}
