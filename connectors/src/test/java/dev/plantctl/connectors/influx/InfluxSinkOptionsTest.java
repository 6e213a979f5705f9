package dev.plantctl.connectors.influx;

import dev.plantctl.connectors.Secret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfluxSinkOptionsTest {

    @Test
    void eachBadOptionIsNamed() {
        assertThatThrownBy(() -> InfluxSink.builder().database("d").allowInsecure().build())
                .hasMessageContaining("'url'");
        assertThatThrownBy(() -> InfluxSink.builder().url("ftp://h:1").database("d").allowInsecure().build())
                .hasMessageContaining("'ftp://h:1'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").build())
                .hasMessageContaining("not TLS").hasMessageContaining("allowInsecure");
        assertThatThrownBy(() -> InfluxSink.builder().url("https://h:8086").database("d").build())
                .hasMessageContaining("'credentials'");
        assertThatThrownBy(() -> InfluxSink.builder().url("https://h:8086").database("d")
                .token(Secret.fromEnv("PLANTCTL_NO_SUCH_TOKEN")).build())
                .hasMessageContaining("'token'").hasMessageContaining("PLANTCTL_NO_SUCH_TOKEN");
        assertThatThrownBy(() -> InfluxSink.builder().url("https://h:8086").allowInsecure().build())
                .hasMessageContaining("'database'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .batchSize(0).build()).hasMessageContaining("'batchSize'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .batchSize(100).maxQueuedPoints(10).build()).hasMessageContaining("'maxQueuedPoints'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .requestTimeout(Duration.ZERO).build()).hasMessageContaining("'requestTimeout'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .spillDirectory(Path.of("spill")).build()).hasMessageContaining("'deadLetterFile'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .deadLetterFile(Path.of("dl.jsonl")).build()).hasMessageContaining("'spillDirectory'");
        assertThatThrownBy(() -> InfluxSink.builder().url("http://h:8086").database("d").allowInsecure()
                .deadLetterFile(Path.of("dl.jsonl")).spillDirectory(Path.of("spill")).spillMaxBytes(10).build())
                .hasMessageContaining("'spillMaxBytes'");
    }

    @Test
    void pointsBecomeEscapedLineProtocol() {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("value", 21.5);
        fields.put("count", 3L);
        fields.put("ok", true);
        fields.put("note", "say \"hi\"");
        InfluxPoint p = new InfluxPoint("air temp", new TreeMap<>(Map.of("unit", "c 1", "plant", "a,b=c")),
                new TreeMap<>(fields), Instant.ofEpochSecond(1, 5));
        assertThat(p.toLineProtocol()).isEqualTo(
                "air\\ temp,plant=a\\,b\\=c,unit=c\\ 1 count=3i,note=\"say \\\"hi\\\"\",ok=true,value=21.5 1000000005");
        assertThat(p.seriesKey()).isEqualTo("air\\ temp,plant=a\\,b\\=c,unit=c\\ 1");
    }

    @Test
    void pointsThatCannotParseAreRefusedWhenMade() {
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> InfluxPoint.of("m", Map.of(), "v", Double.NaN, t)).hasMessageContaining("finite");
        assertThatThrownBy(() -> InfluxPoint.of("", Map.of(), "v", 1.0, t)).hasMessageContaining("measurement");
        assertThatThrownBy(() -> InfluxPoint.of("m", Map.of("k", "a\nb"), "v", 1.0, t))
                .hasMessageContaining("line break");
        assertThatThrownBy(() -> InfluxPoint.of("m", Map.of(), "v", new Object(), t)).hasMessageContaining("Object");
        assertThatThrownBy(() -> new InfluxPoint("m", new TreeMap<>(), new TreeMap<>(), t))
                .hasMessageContaining("no field");
    }
}
