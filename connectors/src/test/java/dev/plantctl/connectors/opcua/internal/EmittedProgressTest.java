package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.core.RawSample;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-node dedup that merges backfilled history and live values: whatever the overlap between what was emitted
 * before, what the history returns and what arrives live, each node's values come out once and in order.
 */
class EmittedProgressTest {

    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    /**
     * One node's story: emitted up to step {@code checkpoint}, history from it to {@code historyEnd}, live values
     * from {@code liveFrom} to {@code last}.
     */
    record Story(int checkpoint, int historyEnd, int liveFrom, int last) {
    }

    private static RawSample sample(String node, int step) {
        return new RawSample("opc.tcp://h:1", node, step, "Double", T0.plusSeconds(step), null, 0);
    }

    @Provide
    Arbitrary<List<Story>> stories() {
        Arbitrary<Story> story = Combinators.combine(Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 20), Arbitraries.integers().between(0, 21),
                        Arbitraries.integers().between(0, 20))
                .as((c, h, l, n) -> {
                    int historyEnd = c + h;
                    int liveFrom = c + Math.min(l, h + 1); // the live values begin where the history ends, or before
                    return new Story(c, historyEnd, liveFrom, Math.max(historyEnd, liveFrom) + n);
                });
        return story.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void historyThenLiveComesOutOnceAndInOrderPerNode(@ForAll("stories") List<Story> stories,
                                                      @ForAll boolean restored, @ForAll long seed) {
        Map<String, Instant> checkpoint = new HashMap<>();
        EmittedProgress progress = new EmittedProgress(Map.of());
        for (int i = 0; i < stories.size(); i++) {
            checkpoint.put("n" + i, T0.plusSeconds(stories.get(i).checkpoint()));
        }
        if (restored) {
            progress = new EmittedProgress(checkpoint);
        } else {
            for (int i = 0; i < stories.size(); i++) {
                progress.emitted(sample("n" + i, stories.get(i).checkpoint()));
            }
        }
        List<RawSample> history = new ArrayList<>();
        List<List<RawSample>> live = new ArrayList<>();
        for (int i = 0; i < stories.size(); i++) {
            Story s = stories.get(i);
            List<RawSample> nodeLive = new ArrayList<>();
            for (int k = s.checkpoint(); k <= s.historyEnd(); k++) {
                history.add(sample("n" + i, k));
            }
            for (int k = s.liveFrom(); k <= s.last(); k++) {
                nodeLive.add(sample("n" + i, k));
            }
            live.add(nodeLive);
        }
        history.sort(Comparator.comparing(RawSample::sourceTime));
        List<RawSample> arriving = new ArrayList<>(history);
        arriving.addAll(interleave(live, new Random(seed)));

        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (RawSample s : arriving) {
            if (progress.isNew(s)) {
                progress.emitted(s);
                out.computeIfAbsent(s.address(), a -> new ArrayList<>()).add(s.value());
            }
        }

        for (int i = 0; i < stories.size(); i++) {
            List<Double> expected = new ArrayList<>();
            for (int k = stories.get(i).checkpoint() + 1; k <= stories.get(i).last(); k++) {
                expected.add((double) k);
            }
            assertThat(out.getOrDefault("n" + i, List.of())).as("node n%d of %s", i, stories.get(i))
                    .containsExactlyElementsOf(expected);
        }
    }

    /** The nodes' live values in a random interleaving that keeps each node's order. */
    private static List<RawSample> interleave(List<List<RawSample>> perNode, Random random) {
        List<RawSample> merged = new ArrayList<>();
        int[] next = new int[perNode.size()];
        while (true) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < perNode.size(); i++) {
                if (next[i] < perNode.get(i).size()) {
                    open.add(i);
                }
            }
            if (open.isEmpty()) {
                return merged;
            }
            int node = open.get(random.nextInt(open.size()));
            merged.add(perNode.get(node).get(next[node]++));
        }
    }

    @Example
    void aCorrectedValueAtTheSameTimeIsNewAndAForgottenNodeTakesAnyTime() {
        EmittedProgress progress = new EmittedProgress(Map.of());
        RawSample first = sample("a", 5);
        progress.emitted(first);
        RawSample corrected = new RawSample("opc.tcp://h:1", "a", 99, "Double", first.sourceTime(), null, 0);
        RawSample overflowTwin = new RawSample("opc.tcp://h:1", "a", 5, "Double", first.sourceTime(), null, 0x480);

        assertThat(progress.isNew(overflowTwin)).as("the same value with an info bit").isFalse();
        assertThat(progress.isNew(corrected)).isTrue();
        assertThat(progress.isNew(sample("a", 4))).isFalse();
        progress.forget("a");
        assertThat(progress.isNew(sample("a", 1))).as("after a gap, a restarted clock").isTrue();
        assertThat(progress.lastTime("a")).isNull();
        assertThat(new EmittedProgress(Map.of("a", first.sourceTime())).isNew(first))
                .as("restored: a value at the last time was emitted").isFalse();
    }
}
