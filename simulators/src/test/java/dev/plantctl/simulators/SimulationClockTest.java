package dev.plantctl.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimulationClockTest {

    private static final Instant START = SimulationClock.DEFAULT_START;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    /** A plant whose only state is its time. */
    private static final class TimePlant implements SimulatedPlant {
        private Instant time = START;

        @Override
        public synchronized Instant simulatedTime() {
            return time;
        }

        @Override
        public synchronized void advance(double dtSeconds) {
            time = time.plusMillis(Math.round(dtSeconds * 1000));
        }
    }

    @Test
    void lockstepStepsAsSoonAsEveryPartyArrived() throws InterruptedException {
        TimePlant plant = new TimePlant();
        List<Instant> published = new CopyOnWriteArrayList<>();
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.LOCKSTEP)
                .lockstepParties(List.of("a", "b", "c")).lockstepTimeout(Duration.ofMinutes(5))
                .listener(published::add).build(plant)) {
            clock.start();
            assertThat(published).containsExactly(START);

            clock.arrive("a", () -> { });
            clock.arrive("a", () -> { });
            clock.arrive("b", () -> { });
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(900), QUIET))
                    .as("two of three parties, one of them twice, do not open the barrier").isFalse();

            clock.arrive("c", () -> { });
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(900), WAIT)).isTrue();
            assertThat(clock.barrierSteps()).isEqualTo(1);
            assertThat(clock.timeoutSteps()).isZero();
            assertThat(published).containsExactly(START, START.plusSeconds(900));

            for (String party : List.of("c", "b", "a")) {
                clock.arrive(party, () -> { });
            }
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(1800), WAIT))
                    .as("arrivals are counted anew after each step").isTrue();
            assertThat(clock.barrierSteps()).isEqualTo(2);
        }
    }

    @Test
    void aConditionalArrivalThatFailsItsConditionNeitherUpdatesNorCountsAtTheBarrier() throws InterruptedException {
        TimePlant plant = new TimePlant();
        List<Instant> updatesSeenAt = new CopyOnWriteArrayList<>();
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.LOCKSTEP)
                .lockstepParties(List.of("a", "b")).lockstepTimeout(Duration.ofMinutes(5)).build(plant)) {
            clock.start();
            assertThat(clock.arriveIf("a", () -> !plant.simulatedTime().isBefore(START.plusSeconds(900)),
                    () -> updatesSeenAt.add(plant.simulatedTime()))).isFalse();
            clock.arrive("b", () -> { });
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(900), QUIET))
                    .as("the refused arrival of a does not open the barrier").isFalse();
            assertThat(clock.arriveIf("a", () -> !plant.simulatedTime().isAfter(START),
                    () -> updatesSeenAt.add(plant.simulatedTime()))).isTrue();
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(900), WAIT)).isTrue();
            assertThat(updatesSeenAt).containsExactly(START);
        }
    }

    @Test
    void lockstepUpdatesRunAtomicallyWithStepsAndBeforeTheStepTheyComplete() throws InterruptedException {
        TimePlant plant = new TimePlant();
        List<Instant> updatesSeenAt = new CopyOnWriteArrayList<>();
        try (SimulationClock clock = SimulationClock.builder().lockstepParties(List.of("a"))
                .lockstepTimeout(Duration.ofMinutes(5)).build(plant)) {
            clock.start();
            clock.arrive("a", () -> updatesSeenAt.add(plant.simulatedTime()));
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(900), WAIT)).isTrue();
            assertThat(updatesSeenAt).containsExactly(START);
        }
    }

    @Test
    void lockstepStepsOnTheTimeoutWhenPartiesStaySilent() throws InterruptedException {
        TimePlant plant = new TimePlant();
        Duration timeout = Duration.ofMillis(100);
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.LOCKSTEP)
                .lockstepParties(List.of("a", "b")).lockstepTimeout(timeout).build(plant)) {
            long t0 = System.nanoTime();
            clock.start();
            clock.arrive("a", () -> { });
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(2 * 900), WAIT)).isTrue();
            long elapsed = System.nanoTime() - t0;

            assertThat(elapsed).isGreaterThanOrEqualTo(2 * timeout.toNanos());
            assertThat(clock.timeoutSteps()).isGreaterThanOrEqualTo(2);
            assertThat(clock.barrierSteps()).isZero();
        }
    }

    @Test
    void acceleratedClockKeepsItsRate() throws InterruptedException {
        TimePlant plant = new TimePlant();
        double factor = 36_000;
        double step = 900;
        int steps = 20;
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.ACCELERATED)
                .accelerationFactor(factor).stepSeconds(step).build(plant)) {
            long t0 = System.nanoTime();
            clock.start();
            assertThat(clock.awaitSimulatedTime(START.plusSeconds((long) (steps * step)), WAIT)).isTrue();
            double wallSeconds = (System.nanoTime() - t0) / 1e9;

            double expected = steps * step / factor;
            assertThat(wallSeconds).as("wall time for %d steps of %s s at factor %s", steps, step, factor)
                    .isGreaterThanOrEqualTo(expected * 0.99).isLessThan(expected * 4);
            assertThat(clock.accelerationFactor()).isEqualTo(factor);
        }
    }

    @Test
    void realtimeIsFactorOne() {
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.REALTIME)
                .accelerationFactor(500).build(new TimePlant())) {
            assertThat(clock.accelerationFactor()).isEqualTo(1);
        }
    }

    @Test
    void stopsAtTheEndTimeAndHoldsTheLastState() throws InterruptedException {
        TimePlant plant = new TimePlant();
        Instant end = START.plusSeconds(3 * 900 + 100);
        try (SimulationClock clock = SimulationClock.builder().mode(ClockMode.ACCELERATED)
                .accelerationFactor(90_000).endTime(end).build(plant)) {
            clock.start();
            assertThat(clock.awaitSimulatedTime(START.plusSeconds(4 * 900), WAIT))
                    .as("the step that would end after the end time is not taken").isFalse();
            assertThat(clock.isFinished()).isTrue();
            assertThat(clock.simulatedTime()).isEqualTo(START.plusSeconds(3 * 900));
            assertThat(clock.steps()).isEqualTo(3);
        }
    }

    @Test
    void aFailingPlantStopsTheClockAndWaitersSeeTheFailure() throws InterruptedException {
        SimulatedPlant broken = new SimulatedPlant() {
            @Override
            public Instant simulatedTime() {
                return START;
            }

            @Override
            public void advance(double dtSeconds) {
                throw new IllegalStateException("diverged");
            }
        };
        try (SimulationClock clock = SimulationClock.builder().lockstepParties(List.of("a")).build(broken)) {
            clock.start();
            clock.arrive("a", () -> { });
            assertThatThrownBy(() -> clock.awaitSimulatedTime(START.plusSeconds(900), WAIT))
                    .isInstanceOf(IllegalStateException.class).hasRootCauseMessage("diverged");
            assertThat(clock.failure()).isPresent();
        }
    }

    @Test
    void unknownPartiesAreRefused() {
        try (SimulationClock clock = SimulationClock.builder().lockstepParties(List.of("a")).build(new TimePlant())) {
            assertThatThrownBy(() -> clock.arrive("b", () -> { })).hasMessageContaining("unknown lockstep party: b");
        }
    }

    @Test
    void badOptionsAreNamed() {
        SimulationClock.Builder b = SimulationClock.builder();
        assertThatThrownBy(() -> b.stepSeconds(0)).hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> b.stepSeconds(Double.NaN)).hasMessageContaining("stepSeconds");
        assertThatThrownBy(() -> b.accelerationFactor(-1)).hasMessageContaining("accelerationFactor");
        assertThatThrownBy(() -> b.lockstepTimeout(Duration.ZERO)).hasMessageContaining("lockstepTimeout");
        assertThatThrownBy(() -> b.build(new TimePlant())).hasMessageContaining("lockstepParties");
        assertThatThrownBy(() -> SimulationClock.builder().mode(ClockMode.REALTIME).endTime(START)
                .build(new TimePlant())).hasMessageContaining("endTime");
    }

    @Test
    void startsOnlyOnce() {
        try (SimulationClock clock = SimulationClock.builder().lockstepParties(List.of("a")).build(new TimePlant())) {
            clock.start();
            assertThatThrownBy(clock::start).isInstanceOf(IllegalStateException.class);
        }
    }
}
