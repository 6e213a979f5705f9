package dev.plantctl.connectors.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class HandoffQueueTest {

    @Test
    void anEmptyQueueRearmsAndAnAddCompletesTheFutureTheReaderHolds() {
        HandoffQueue<String> q = new HandoffQueue<>();
        assertThat(q.poll()).isNull();
        assertThat(q.moreArrivedOrRearm()).isFalse();
        CompletableFuture<Void> held = q.available();
        assertThat(held).isNotDone();
        q.add("a");
        assertThat(held).isDone();
        assertThat(q.poll()).isEqualTo("a");
    }

    @Test
    void aRecordAddedAfterAnEmptyPollIsNotLost() {
        HandoffQueue<String> q = new HandoffQueue<>();
        assertThat(q.poll()).isNull();
        q.add("late");
        assertThat(q.moreArrivedOrRearm()).isTrue();
        assertThat(q.available()).isDone();
        assertThat(q.poll()).isEqualTo("late");
    }

    @Test
    void aSignalWakesWithoutARecord() {
        HandoffQueue<String> q = new HandoffQueue<>();
        q.moreArrivedOrRearm();
        CompletableFuture<Void> held = q.available();
        q.signal();
        assertThat(held).isDone();
        assertThat(q.poll()).isNull();
    }
}
