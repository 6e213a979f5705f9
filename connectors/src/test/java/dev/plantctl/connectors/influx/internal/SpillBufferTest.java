package dev.plantctl.connectors.influx.internal;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpillBufferTest {

    private static List<String> points(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "reading,plant=greenhouse,unit=c1 value=" + i + " " + i)
                .toList();
    }

    @Test
    void givesBackWhatWasAppendedInOrderAcrossSegments(@TempDir Path dir) throws IOException {
        try (SpillBuffer spill = SpillBuffer.open(dir, 200_000)) {
            // Segments of 25,000 bytes at this bound (an eighth): 2,000 points of ~45 bytes span 4 of them.
            assertThat(spill.append(points(0, 2_000))).isEqualTo(2_000);
            assertThat(segments(dir)).isGreaterThanOrEqualTo(3);
            List<String> read = new ArrayList<>();
            while (!spill.isEmpty()) {
                List<String> batch = spill.peek(300);
                read.addAll(batch);
                spill.remove(batch.size());
            }
            assertThat(read).isEqualTo(points(0, 2_000));
            assertThat(spill.records()).isZero();
            assertThat(spill.bytes()).isZero();
            assertThat(segments(dir)).as("read segments are deleted").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void refusesWhatWouldPassTheBoundAndKeepsTheOldest(@TempDir Path dir) throws IOException {
        try (SpillBuffer spill = SpillBuffer.open(dir, 2_000)) {
            List<String> lines = points(0, 100);
            int kept = spill.append(lines);
            assertThat(kept).isBetween(1, 99);
            assertThat(spill.bytes()).isLessThanOrEqualTo(2_000);
            assertThat(spill.append(points(100, 101))).as("full: the newest is refused").isZero();
            assertThat(spill.peek(1_000)).isEqualTo(lines.subList(0, kept));
            spill.remove(10);
            assertThat(spill.append(points(100, 101))).as("room again after a drain").isEqualTo(1);
        }
    }

    @Test
    void anotherBufferOnTheDirectoryHoldsWhatWasLeftInOrder(@TempDir Path dir) throws IOException {
        try (SpillBuffer spill = SpillBuffer.open(dir, 1024 * 1024)) {
            spill.append(points(0, 500));
            spill.peek(123);
            spill.remove(123);
        }
        try (SpillBuffer reopened = SpillBuffer.open(dir, 1024 * 1024)) {
            assertThat(reopened.records()).isEqualTo(377);
            reopened.append(points(500, 600));
            assertThat(reopened.peek(10_000)).isEqualTo(points(123, 600));
        }
    }

    @Test
    void aRecordACrashCutShortIsDiscardedOnOpen(@TempDir Path dir) throws IOException {
        try (SpillBuffer spill = SpillBuffer.open(dir, 1024 * 1024)) {
            spill.append(points(0, 3));
        }
        Path last;
        try (Stream<Path> files = Files.list(dir)) {
            last = files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                    .max(Comparator.naturalOrder()).orElseThrow();
        }
        Files.writeString(last, "reading,plant=greenhouse value=", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try (SpillBuffer reopened = SpillBuffer.open(dir, 1024 * 1024)) {
            assertThat(reopened.peek(10)).isEqualTo(points(0, 3));
            reopened.append(points(3, 4));
            assertThat(reopened.peek(10)).isEqualTo(points(0, 4));
        }
    }

    @Test
    void recordsWithLineBreaksAndBackslashesComeBackAsTheyWere(@TempDir Path dir) throws IOException {
        List<String> odd = List.of("m s=\"two\nlines\" 1", "m s=\"back\\\\slash\\\\n\" 2", "m s=\"cr\r\" 3", "ü é 4");
        try (SpillBuffer spill = SpillBuffer.open(dir, 1024 * 1024)) {
            spill.append(odd);
        }
        try (SpillBuffer reopened = SpillBuffer.open(dir, 1024 * 1024)) {
            assertThat(reopened.peek(10)).isEqualTo(odd);
        }
    }

    @Test
    void removingMoreThanWasPeekedIsRefused(@TempDir Path dir) throws IOException {
        try (SpillBuffer spill = SpillBuffer.open(dir, 1024 * 1024)) {
            spill.append(points(0, 5));
            spill.peek(2);
            assertThatThrownBy(() -> spill.remove(3)).hasMessageContaining("the last peek returned 2");
        }
    }

    /** Any mix of appends, partial removals and reopenings gives the points back once each, in order. */
    @Property(tries = 60)
    void behavesLikeAQueue(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 400) Integer> steps)
            throws IOException {
        Path dir = Files.createTempDirectory("spill-property-");
        try {
            Deque<String> model = new ArrayDeque<>();
            int next = 0;
            SpillBuffer spill = SpillBuffer.open(dir, 1024 * 1024);
            for (int step : steps) {
                switch (step % 3) {
                    case 0 -> {
                        List<String> lines = points(next, next + step);
                        next += step;
                        assertThat(spill.append(lines)).isEqualTo(lines.size());
                        model.addAll(lines);
                    }
                    case 1 -> {
                        List<String> peeked = spill.peek(step);
                        assertThat(peeked).isEqualTo(model.stream().limit(step).toList());
                        int n = peeked.size() / 2;
                        spill.remove(n);
                        for (int i = 0; i < n; i++) {
                            model.removeFirst();
                        }
                    }
                    default -> {
                        spill.close();
                        spill = SpillBuffer.open(dir, 1024 * 1024);
                    }
                }
                assertThat(spill.records()).isEqualTo(model.size());
            }
            assertThat(spill.peek(Integer.MAX_VALUE)).containsExactlyElementsOf(model);
            spill.close();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).count();
        }
    }
}
