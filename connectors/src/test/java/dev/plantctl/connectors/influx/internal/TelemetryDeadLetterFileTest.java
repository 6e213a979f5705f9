package dev.plantctl.connectors.influx.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryDeadLetterFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachRefusedPointIsOneJsonLineWithTheServersReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("out/telemetry-dead-letters.jsonl");
        TelemetryDeadLetterFile deadLetters = new TelemetryDeadLetterFile(file, "http://127.0.0.1:8086");
        String error = "partial write: field type conflict: input field \"value\" on measurement \"reading\" is type "
                + "float, already exists as type string dropped=1";
        Instant t = Instant.parse("2026-02-01T00:15:00Z");
        deadLetters.append(List.of("reading,unit=c1 value=21.5 1", "reading,unit=c1 s=\"a \\\"quote\\\"\" 2"), 400,
                error, t);
        deadLetters.append(List.of("m v=1 3"), 401, "authorization failed", t);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.path("point").asText()).isEqualTo("reading,unit=c1 value=21.5 1");
        assertThat(first.path("status").asInt()).isEqualTo(400);
        assertThat(first.path("error").asText()).isEqualTo(error);
        assertThat(first.path("server").asText()).isEqualTo("http://127.0.0.1:8086");
        assertThat(first.path("time").asText()).isEqualTo("2026-02-01T00:15:00Z");
        assertThat(JSON.readTree(lines.get(1)).path("point").asText())
                .isEqualTo("reading,unit=c1 s=\"a \\\"quote\\\"\" 2");
        assertThat(JSON.readTree(lines.get(2)).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed(@TempDir Path dir) throws IOException {
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        TelemetryDeadLetterFile deadLetters = new TelemetryDeadLetterFile(blocker.resolve("dl.jsonl"), "http://h:1");
        assertThatThrownBy(() -> deadLetters.append(List.of("m v=1 1"), 400, "bad", Instant.EPOCH))
                .hasMessageContaining("not-a-directory");
    }
}
