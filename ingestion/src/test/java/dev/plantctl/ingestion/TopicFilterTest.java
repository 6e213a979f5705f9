package dev.plantctl.ingestion;

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

    @Test
    void malformedFiltersAreNamed() {
        assertThat(TopicFilter.problem("a/b+/c")).get().asString().contains("whole level");
        assertThat(TopicFilter.problem("a/#/c")).get().asString().contains("last");
        assertThat(TopicFilter.problem("")).isPresent();
        assertThat(TopicFilter.problem("a/+/#")).isEmpty();
    }
}
