package dev.plantctl.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.RawSample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-02-01T00:00:00Z");

    @Test
    void aRefusedSampleIsOneLineWithItsValueAndStatus() throws Exception {
        String line = DeadLetterJson.toJsonLine(new DeadLetter(new RawSample("opc.tcp://x", "ns=2;s=c1/co2",
                Double.NaN, "Double", T, null, 0x80340000L), Reason.BAD_STATUS, "c1/co2: status is Bad"));
        assertThat(line).doesNotContain("\n");
        JsonNode n = JSON.readTree(line);
        assertThat(n.path("input").asText()).isEqualTo("sample");
        assertThat(n.path("reason").asText()).isEqualTo("BAD_STATUS");
        assertThat(n.path("address").asText()).isEqualTo("ns=2;s=c1/co2");
        assertThat(n.path("value").asText()).isEqualTo("NaN");
        assertThat(n.path("status_code").asLong()).isEqualTo(0x80340000L);
        assertThat(n.path("source_time").asText()).isEqualTo(T.toString());
    }

    @Test
    void anUndecodableMessageKeepsItsPayloadBytes() throws Exception {
        byte[] payload = {'{', (byte) 0xC3, 0x28};
        JsonNode n = JSON.readTree(DeadLetterJson.toJsonLine(new DeadLetter(new RawMessage("tcp://b:1883",
                "farm/c1/climate", payload, T), Reason.MALFORMED_PAYLOAD, "not JSON")));
        assertThat(n.path("input").asText()).isEqualTo("message");
        assertThat(n.path("address").asText()).isEqualTo("farm/c1/climate");
        assertThat(Base64.getDecoder().decode(n.path("payload_base64").asText())).isEqualTo(payload);
        assertThat(n.path("payload_bytes").asInt()).isEqualTo(3);
        assertThat(n.path("received_at").asText()).isEqualTo(T.toString());
    }
}
