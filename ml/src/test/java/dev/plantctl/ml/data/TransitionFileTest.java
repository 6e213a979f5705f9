package dev.plantctl.ml.data;

import dev.plantctl.ml.greenhouse.GreenhouseCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionFileTest {

    private static TransitionSet sample() {
        return GreenhouseCollector.builder().duration(Duration.ofHours(6)).compartments(2).seed(4).build().collect();
    }

    @Test
    void roundTripKeepsEveryNumberAndTheFingerprint(@TempDir Path dir) throws Exception {
        TransitionSet set = sample();
        Path file = dir.resolve("data.jsonl");
        TransitionFile.write(set, file);
        TransitionSet back = TransitionFile.read(file);
        assertThat(back.transitions()).isEqualTo(set.transitions());
        assertThat(back.fingerprint()).isEqualTo(set.fingerprint()).startsWith("sha256:").hasSize(71);
        assertThat(back.schema()).isEqualTo(set.schema());
        assertThat(back.source()).isEqualTo(set.source());
        assertThat(Files.readAllLines(file)).hasSize(set.size() + 1);
    }

    @Test
    void fingerprintChangesWithAnyNumberAndNotWithTheSource() {
        TransitionSet set = sample();
        List<Transition> changed = new ArrayList<>(set.transitions());
        Transition t = changed.get(5);
        double[] next = t.next();
        next[2] = Math.nextUp(next[2]);
        changed.set(5, new Transition(t.unit(), t.time(), t.state(), t.action(), t.exogenous(), next));
        assertThat(new TransitionSet(set.schema(), changed, set.source()).fingerprint())
                .isNotEqualTo(set.fingerprint());
        assertThat(new TransitionSet(set.schema(), set.transitions(), "elsewhere").fingerprint())
                .isEqualTo(set.fingerprint());
    }

    @Test
    void refusesAnEditedFileNamingTheFingerprint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.jsonl");
        TransitionFile.write(sample(), file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, lines.get(3).replace("\"next\":[", "\"next\":[1"));
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TransitionFile.read(file))
                .hasMessageStartingWith(file + ":1: fingerprint sha256:")
                .hasMessageContaining("does not match the content");
    }

    @Test
    void refusesATruncatedFileAndBadLinesNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.jsonl");
        TransitionFile.write(sample(), file);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, lines.subList(0, 10), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TransitionFile.read(file)).hasMessageContaining(":1: header count 48 but the file"
                + " holds 9 transitions");
        lines.set(4, "{\"unit\":\"c1\"");
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TransitionFile.read(file)).hasMessageStartingWith(file + ":5: not valid JSON");
        lines.set(4, lines.get(5).replace("\"next\":[", "\"next\":[\"x\","));
        Files.write(file, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TransitionFile.read(file)).hasMessageStartingWith(file + ":5: field 'next'");
    }

    @Test
    void refusesAFileOfAnotherFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("other.jsonl");
        Files.writeString(file, "{\"format\":\"csv\"}\n");
        assertThatThrownBy(() -> TransitionFile.read(file))
                .hasMessage(file + ":1: not a plantctl-transitions file of version 1 (header format 'csv', version )");
    }
}
