package dev.plantctl.ingestion;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicFilterTest {

    @Test
    void matchesLikeMqtt() {
        assertThat(TopicFilter.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(TopicFilter.matches("a/+/c", "a/b/d")).isFalse();
        assertThat(TopicFilter.matches("a/#", "a")).isTrue();
        assertThat(TopicFilter.matches("a/#", "a/b/c")).isTrue();
        assertThat(TopicFilter.matches("a/+", "a/b/c")).isFalse();
        assertThat(TopicFilter.matches("a/b", "a/b/c")).isFalse();
        assertThat(TopicFilter.matches("+", "")).isTrue();
    }

    @Test
    void overlapIsTrueExactlyWhenSomeTopicMatchesBoth() {
        assertThat(TopicFilter.overlap("a/+/c", "a/b/+")).isTrue();
        assertThat(TopicFilter.overlap("a/b", "a/b/#")).isTrue();
        assertThat(TopicFilter.overlap("a/b/c", "a/b/d")).isFalse();
        assertThat(TopicFilter.overlap("a/b", "a/b/c")).isFalse();
        assertThat(TopicFilter.overlap("#", "x/y")).isTrue();
    }

    @Provide
    Arbitrary<String> levels() {
        return Arbitraries.of("a", "b", "", "+", "#").list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("/", l));
    }

    @Property(tries = 3000)
    void matchingAgreesWithTheLevelByLevelDefinition(@ForAll("levels") String filter, @ForAll("levels") String topic) {
        String t = topic.replace("+", "x").replace("#", "y");
        if (TopicFilter.problem(filter).isEmpty()) {
            assertThat(TopicFilter.matches(filter, t)).as("%s ~ %s", filter, t).isEqualTo(byLevels(filter, t));
            assertThat(TopicFilter.overlap(filter, t)).isEqualTo(byLevels(filter, t));
        }
    }

    /** MQTT 3.1.1, 4.7, written the plain way. */
    private static boolean byLevels(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Test
    void malformedFiltersAreNamed() {
        assertThat(TopicFilter.problem("a/b+/c")).get().asString().contains("whole level");
        assertThat(TopicFilter.problem("a/#/c")).get().asString().contains("last");
        assertThat(TopicFilter.problem("")).isPresent();
        assertThat(TopicFilter.problem("a/+/#")).isEmpty();
    }
}
