package dev.plantctl.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Laws of the payload decoders on generated payloads. */
class DecoderPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TagMap MAP = Fixtures.MQTT_PLANT;
    private static final TagMapDecoder DECODER = new TagMapDecoder(MAP);

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.oneOf(Arbitraries.of(Fixtures.TOPICS), Arbitraries.strings().ofMaxLength(20));
    }

    @Property(tries = 3000)
    void anyBytesOnAnyTopicDecodeToTheBoundFieldsOrOneDeadLetter(@ForAll("topics") String topic,
                                                                 @ForAll @Size(max = 300) byte[] payload) {
        Decoded d = DECODER.decode(new RawMessage("tcp://b", topic, payload, Instant.EPOCH));
        int bound = Fixtures.fieldsBoundTo(MAP, topic);
        if (d instanceof Decoded.Samples s) {
            assertThat(bound).isPositive();
            assertThat(s.samples()).hasSize(bound);
        } else {
            Decoded.Undecodable u = (Decoded.Undecodable) d;
            assertThat(u.deadLetter().reason()).isEqualTo(bound == 0 ? Reason.UNKNOWN_ADDRESS
                    : Reason.MALFORMED_PAYLOAD);
            assertThat(u.deadLetter().message().payload()).isEqualTo(payload);
        }
    }

    @Property(tries = 2000)
    void everyDoubleRoundTripsThroughTheNumberDecoder(@ForAll double value) {
        Decoded d = new NumberPayloadDecoder().decode(new RawMessage("tcp://b", "t",
                Double.toString(value).getBytes(StandardCharsets.UTF_8), Instant.EPOCH));
        RawSample s = ((Decoded.Samples) d).samples().get(0);
        assertThat(s.valueType()).isEqualTo(PayloadDecoder.TYPE_NUMBER);
        assertThat(s.value()).isEqualTo(value);
    }

    @Property(tries = 1000)
    void jsonValuesComeOutAtTheirPointersWithTheirTypes(@ForAll("fields") Map<String, Object> fields) {
        ObjectNode root = JSON.createObjectNode();
        root.put("ts", 1_769_904_000_000L);
        List<String> pointers = new ArrayList<>();
        fields.forEach((k, v) -> {
            root.set(k, JSON.valueToTree(v));
            pointers.add("/" + k);
        });
        pointers.add("/absent_field");
        JsonPayloadDecoder decoder = new JsonPayloadDecoder(pointers, new JsonTime("/ts", JsonTime.Format.EPOCH_MILLIS));
        List<RawSample> samples = ((Decoded.Samples) decoder.decode(new RawMessage("tcp://b", "t",
                root.toString().getBytes(StandardCharsets.UTF_8), Instant.EPOCH))).samples();
        int i = 0;
        for (Object v : fields.values()) {
            RawSample s = samples.get(i++);
            assertThat(s.sourceTime()).isEqualTo(Instant.ofEpochMilli(1_769_904_000_000L));
            if (v instanceof Double x) {
                assertThat(s.value()).isEqualTo(x);
                assertThat(s.valueType()).isEqualTo("Double");
            } else {
                assertThat(s.value()).isNaN();
                assertThat(s.valueType()).isEqualTo(v instanceof String ? "String" : "Boolean");
            }
        }
        assertThat(samples.get(i).valueType()).isEqualTo(PayloadDecoder.TYPE_MISSING);
    }

    @Provide
    Arbitrary<Map<String, Object>> fields() {
        Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s), Arbitraries.of(true, false).map(b -> b));
        // Not "ts": a field of that name would overwrite the payload's timestamp.
        return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6)
                        .filter(k -> !k.equals("ts")), values)
                .ofMinSize(1).ofMaxSize(6).map(LinkedHashMap::new);
    }
}
