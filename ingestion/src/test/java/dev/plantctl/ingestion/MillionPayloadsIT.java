package dev.plantctl.ingestion;

import dev.plantctl.core.DeadLetter;
import dev.plantctl.core.DeadLetter.Reason;
import dev.plantctl.core.RawMessage;
import dev.plantctl.core.Reading;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million random and mutated payloads through the decoders and validators of the MQTT test plant: no exception
 * escapes, every message ends as one outcome per value bound to its topic (or as one dead letter of the whole
 * message), every outcome is a reading or a dead letter with a reason, and the counts add up. An integration
 * test by its run time (tens of seconds on a loaded two-core machine), not by what it needs.
 */
class MillionPayloadsIT {

    private static final int MESSAGES = 1_000_000;
    private static final Map<String, TagBinding> BINDINGS = new HashMap<>();

    static {
        Fixtures.MQTT_PLANT.bindings().forEach(b -> BINDINGS.put(b.unitId() + "/" + b.tag(), b));
    }

    /** Counts outcomes, and checks each reading against its binding. */
    private static final class Counts implements IngestionPipeline.Sink {
        long readings;
        long outOfOrder;
        long deadLetters;
        long messageDeadLetters;
        final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        boolean lastWasMessage;

        @Override
        public void reading(Reading r, boolean ooo) {
            readings++;
            outOfOrder += ooo ? 1 : 0;
            lastWasMessage = false;
            TagBinding b = BINDINGS.get(r.unitId() + "/" + r.tag());
            if (!(r.value() >= b.min() && r.value() <= b.max()) || !r.unit().equals(b.unit())) {
                throw new AssertionError("reading outside its binding: " + r);
            }
        }

        @Override
        public void deadLetter(DeadLetter d) {
            deadLetters++;
            byReason.merge(d.reason(), 1L, Long::sum);
            lastWasMessage = d.message() != null;
            messageDeadLetters += lastWasMessage ? 1 : 0;
            if (d.detail().isBlank()) {
                throw new AssertionError("dead letter without detail: " + d);
            }
        }

        long total() {
            return readings + deadLetters;
        }
    }

    @Test
    void everyPayloadEndsAsReadingsOrDeadLettersAndTheCountsAddUp() {
        IngestionPipeline pipeline = new IngestionPipeline(Fixtures.MQTT_PLANT);
        PayloadGenerator generator = new PayloadGenerator(20_260_201L);
        Counts counts = new Counts();
        Map<String, Integer> boundByTopic = new HashMap<>();
        long outcomes = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < MESSAGES; i++) {
            RawMessage m = generator.next();
            long before = counts.total();
            int n = pipeline.accept(m, counts);
            long got = counts.total() - before;
            int bound = boundByTopic.computeIfAbsent(m.topic(), t -> Fixtures.fieldsBoundTo(Fixtures.MQTT_PLANT, t));
            boolean asBound = bound > 0 && got == bound;
            boolean wholeMessageRefused = got == 1 && counts.lastWasMessage;
            if (got != n || !(asBound || wholeMessageRefused)) {
                throw new AssertionError("message " + i + " on '" + m.topic() + "' (" + bound + " values bound) gave "
                        + got + " outcomes, decoder said " + n + ": " + new String(m.payload()));
            }
            outcomes += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("%d messages -> %d outcomes in %.2f s (%.2f s CPU): %d readings (%d out of order), %d dead letters"
                        + " (%d of whole messages) %s%n", MESSAGES, outcomes, seconds, cpuSeconds, counts.readings,
                counts.outOfOrder, counts.deadLetters, counts.messageDeadLetters, counts.byReason);

        assertThat(counts.readings + counts.deadLetters).isEqualTo(outcomes);
        assertThat(counts.byReason.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(counts.deadLetters);
        assertThat(counts.readings).as("valid payloads become readings").isGreaterThan(outcomes / 4);
        assertThat(counts.outOfOrder).isPositive();
        for (Reason r : Reason.values()) {
            if (r != Reason.BAD_STATUS) {
                assertThat(counts.byReason.getOrDefault(r, 0L)).as("dead letters %s", r).isPositive();
            }
        }
    }
}
