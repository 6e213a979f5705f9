package dev.plantctl.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link SimulatedPlant} in whole steps of simulated time, paced by a {@link ClockMode}.
 *
 * <p>Every step runs on the clock's single thread: the plant advances by {@link #stepSeconds()}, then the
 * {@link StepListener} publishes the new state. {@link #start()} publishes the initial state once before the
 * first step. Steps and {@link #arrive(String, Runnable) arrivals} exclude each other (one lock), so an update
 * that arrives during a step applies to the next one, never to half of one.
 *
 * <p>In {@link ClockMode#LOCKSTEP} the clock counts arrivals of named parties (for a greenhouse: one per
 * actuator of each compartment). The next step is taken as soon as every party has arrived since the last step,
 * or when the lockstep timeout of wall time has passed since the last step, whichever is first, so that a
 * silent controller cannot stop the plant.
 *
 * <p>With an end time, the clock stops before the first step that would end after it; the plant then holds
 * its last published state. When the plant or the listener throws, the clock stops, logs the error, and
 * {@link #awaitSimulatedTime} rethrows it to waiters; nothing is swallowed.
 *
 * <p>Thread-safe. {@link #close()} stops the clock and its thread deterministically.
 */
public final class SimulationClock implements AutoCloseable {

    /** Default start of the simulated season: 1 February 2026, midnight UTC. */
    public static final Instant DEFAULT_START = Instant.parse("2026-02-01T00:00:00Z");
    /** Default step: one control period of 15 minutes. */
    public static final double DEFAULT_STEP_SECONDS = 900;
    /** Default factor of {@link ClockMode#ACCELERATED}: one simulated minute per wall second. */
    public static final double DEFAULT_ACCELERATION_FACTOR = 60;
    /** Default wall-clock time after which a lockstep plant advances although not every party arrived. */
    public static final Duration DEFAULT_LOCKSTEP_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(SimulationClock.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Receives every published state: the initial one, then one per step. */
    @FunctionalInterface
    public interface StepListener {

        /**
         * Called on the clock's thread, under the clock's lock, after the plant reached a new state.
         *
         * @param simulatedTime the simulated instant of the state
         */
        void onStep(Instant simulatedTime);
    }

    private enum State { NEW, RUNNING, FINISHED, FAILED, CLOSED }

    private final SimulatedPlant plant;
    private final StepListener listener;
    private final ClockMode mode;
    private final double stepSeconds;
    private final Duration stepDuration;
    private final double accelerationFactor;
    private final Duration lockstepTimeout;
    private final Instant endTime;
    private final Set<String> parties;
    private final ScheduledExecutorService executor;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final Set<String> arrived = new HashSet<>();
    private State state = State.NEW;
    private long generation;
    private boolean stepPending;
    private ScheduledFuture<?> pacing;
    private Throwable failure;
    private long steps;
    private long barrierSteps;
    private long timeoutSteps;

    private SimulationClock(Builder b, SimulatedPlant plant) {
        this.plant = plant;
        this.listener = b.listener;
        this.mode = b.mode;
        this.stepSeconds = b.stepSeconds;
        this.stepDuration = Duration.ofNanos(Math.round(b.stepSeconds * 1e9));
        this.accelerationFactor = b.mode == ClockMode.REALTIME ? 1 : b.accelerationFactor;
        this.lockstepTimeout = b.lockstepTimeout;
        this.endTime = b.endTime;
        this.parties = Set.copyOf(b.parties);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plantctl-sim-clock");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder with the default options. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Publishes the initial state to the listener and starts pacing the plant.
     *
     * @throws IllegalStateException when the clock was started or closed before
     */
    public void start() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("the simulation clock was already started or closed: " + state);
            }
            state = State.RUNNING;
            publish();
            if (state != State.RUNNING) {
                return;
            }
            finishIfEndReached();
            if (state != State.RUNNING) {
                return;
            }
            if (mode == ClockMode.LOCKSTEP) {
                scheduleLockstepTimeout();
            } else {
                long periodNanos = Math.max(1, Math.round(stepSeconds * 1e9 / accelerationFactor));
                pacing = executor.scheduleAtFixedRate(this::pacedStep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            }
            LOG.info("simulation clock started: mode {}, step {} s, factor {}, lockstep timeout {}, start {}, end {}",
                    mode, stepSeconds, accelerationFactor, lockstepTimeout, plant.simulatedTime(),
                    endTime == null ? "none" : endTime);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs an update atomically with respect to steps, then counts the party as arrived at the lockstep barrier.
     * The update always runs (in every mode and state); the arrival only counts while a lockstep clock runs. The
     * step that completes the barrier is taken on the clock's thread, not on the caller's.
     *
     * @param party  one of the clock's lockstep parties
     * @param update what the arrival changes in the plant, e.g. a new setpoint
     * @throws IllegalArgumentException when the clock has parties and this is none of them
     */
    public void arrive(String party, Runnable update) {
        arriveIf(party, () -> true, update);
    }

    /**
     * As {@link #arrive}, but only when {@code condition}, checked atomically with the update, holds: otherwise
     * nothing changes and the party has not arrived. A condition on the plant's time (a setpoint valid until some
     * time) cannot be overtaken by a step this way.
     *
     * @return whether the update ran
     */
    public boolean arriveIf(String party, BooleanSupplier condition, Runnable update) {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(update, "update");
        if (!parties.isEmpty() && !parties.contains(party)) {
            throw new IllegalArgumentException("unknown lockstep party: " + party);
        }
        lock.lock();
        try {
            if (!condition.getAsBoolean()) {
                return false;
            }
            update.run();
            if (mode != ClockMode.LOCKSTEP || state != State.RUNNING) {
                return true;
            }
            arrived.add(party);
            if (!stepPending && arrived.size() == parties.size()) {
                stepPending = true;
                long gen = generation;
                executor.execute(() -> lockstepStep(gen, false));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the plant's simulated time reached {@code time}.
     *
     * @return true when it did; false when the timeout passed first or the clock finished or closed before
     * @throws IllegalStateException when the simulation failed (with the failure as cause)
     * @throws InterruptedException  when the waiting thread is interrupted
     */
    public boolean awaitSimulatedTime(Instant time, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(time, "time");
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (plant.simulatedTime().isBefore(time)) {
                if (failure != null) {
                    throw new IllegalStateException("the simulation failed", failure);
                }
                if (state == State.FINISHED || state == State.CLOSED || nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The plant's current simulated time. */
    public Instant simulatedTime() {
        lock.lock();
        try {
            return plant.simulatedTime();
        } finally {
            lock.unlock();
        }
    }

    /** The number of steps taken since the start. */
    public long steps() {
        lock.lock();
        try {
            return steps;
        } finally {
            lock.unlock();
        }
    }

    /** The number of lockstep steps taken because every party arrived. */
    public long barrierSteps() {
        lock.lock();
        try {
            return barrierSteps;
        } finally {
            lock.unlock();
        }
    }

    /** The number of lockstep steps taken because the step timeout passed. */
    public long timeoutSteps() {
        lock.lock();
        try {
            return timeoutSteps;
        } finally {
            lock.unlock();
        }
    }

    /** True once the end time was reached: the plant holds its last state. */
    public boolean isFinished() {
        lock.lock();
        try {
            return state == State.FINISHED;
        } finally {
            lock.unlock();
        }
    }

    /** The error that stopped the clock, if the plant or the listener threw. */
    public Optional<Throwable> failure() {
        lock.lock();
        try {
            return Optional.ofNullable(failure);
        } finally {
            lock.unlock();
        }
    }

    /** The pacing mode. */
    public ClockMode mode() {
        return mode;
    }

    /** The simulated length of one step, s. */
    public double stepSeconds() {
        return stepSeconds;
    }

    /** Simulated seconds per wall second: 1 in {@link ClockMode#REALTIME}, unused in lockstep. */
    public double accelerationFactor() {
        return accelerationFactor;
    }

    /** Stops the clock and waits for its thread to end. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            cancelPacing();
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("simulation clock thread did not end within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pacedStep() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                step();
            }
        } finally {
            lock.unlock();
        }
    }

    private void lockstepStep(long gen, boolean byTimeout) {
        lock.lock();
        try {
            if (state != State.RUNNING || gen != generation) {
                return;
            }
            cancelPacing();
            if (byTimeout) {
                timeoutSteps++;
                LOG.debug("lockstep timeout after {}: advancing without {}", lockstepTimeout, missingParties());
            } else {
                barrierSteps++;
            }
            step();
            if (state == State.RUNNING) {
                scheduleLockstepTimeout();
            }
        } finally {
            lock.unlock();
        }
    }

    private Set<String> missingParties() {
        Set<String> missing = new LinkedHashSet<>(parties);
        missing.removeAll(arrived);
        return missing;
    }

    /** One step; the lock is held. */
    private void step() {
        generation++;
        arrived.clear();
        stepPending = false;
        try {
            plant.advance(stepSeconds);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        steps++;
        publish();
        if (state == State.RUNNING) {
            finishIfEndReached();
        }
        advanced.signalAll();
    }

    private void publish() {
        try {
            listener.onStep(plant.simulatedTime());
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void finishIfEndReached() {
        if (endTime != null && plant.simulatedTime().plus(stepDuration).isAfter(endTime)) {
            state = State.FINISHED;
            cancelPacing();
            advanced.signalAll();
            LOG.info("simulation reached its end time {} at {}: holding the last state", endTime,
                    plant.simulatedTime());
        }
    }

    private void fail(RuntimeException e) {
        LOG.error("simulation step failed at {}: the clock stops", plant.simulatedTime(), e);
        failure = e;
        state = State.FAILED;
        cancelPacing();
        advanced.signalAll();
    }

    private void scheduleLockstepTimeout() {
        long gen = generation;
        pacing = executor.schedule(() -> lockstepStep(gen, true), lockstepTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelPacing() {
        if (pacing != null) {
            pacing.cancel(false);
            pacing = null;
        }
    }

    /**
     * Options of a {@link SimulationClock}. Defaults: {@link ClockMode#LOCKSTEP}, step
     * {@value #DEFAULT_STEP_SECONDS} s, factor {@value #DEFAULT_ACCELERATION_FACTOR}, lockstep timeout 10 s, no end
     * time, no listener. Each setter checks its argument and names it when it is wrong; {@link #build()} checks
     * that the options fit together.
     */
    public static final class Builder {

        private StepListener listener = t -> { };
        private ClockMode mode = ClockMode.LOCKSTEP;
        private double stepSeconds = DEFAULT_STEP_SECONDS;
        private double accelerationFactor = DEFAULT_ACCELERATION_FACTOR;
        private Duration lockstepTimeout = DEFAULT_LOCKSTEP_TIMEOUT;
        private Instant endTime;
        private Set<String> parties = Set.of();

        private Builder() {
        }

        /** The pacing mode. */
        public Builder mode(ClockMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The simulated length of a step, s, finite and &gt; 0. */
        public Builder stepSeconds(double stepSeconds) {
            if (!(stepSeconds > 0 && Double.isFinite(stepSeconds))) {
                throw new IllegalArgumentException("stepSeconds must be finite and > 0: " + stepSeconds);
            }
            this.stepSeconds = stepSeconds;
            return this;
        }

        /** Simulated seconds per wall second in {@link ClockMode#ACCELERATED}, finite and &gt; 0. */
        public Builder accelerationFactor(double factor) {
            if (!(factor > 0 && Double.isFinite(factor))) {
                throw new IllegalArgumentException("accelerationFactor must be finite and > 0: " + factor);
            }
            this.accelerationFactor = factor;
            return this;
        }

        /** The wall-clock time after which a lockstep plant advances without all parties, &gt; 0. */
        public Builder lockstepTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "lockstepTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("lockstepTimeout must be > 0: " + timeout);
            }
            this.lockstepTimeout = timeout;
            return this;
        }

        /** The simulated end time, after the plant's current time; {@code null} for none. */
        public Builder endTime(Instant endTime) {
            this.endTime = endTime;
            return this;
        }

        /** The parties that must all arrive before a lockstep step; required (non-empty) in lockstep. */
        public Builder lockstepParties(Collection<String> parties) {
            Objects.requireNonNull(parties, "lockstepParties");
            for (String p : parties) {
                Objects.requireNonNull(p, "lockstepParties must not contain null");
            }
            this.parties = new LinkedHashSet<>(parties);
            return this;
        }

        /** Receives the initial state and every step's state. */
        public Builder listener(StepListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * A clock with these options for the given plant, not yet started.
         *
         * @param plant the plant; its current time is the start of the simulation
         * @throws IllegalArgumentException when the options do not fit together, naming the option
         */
        public SimulationClock build(SimulatedPlant plant) {
            Objects.requireNonNull(plant, "plant");
            if (mode == ClockMode.LOCKSTEP && parties.isEmpty()) {
                throw new IllegalArgumentException("lockstepParties must not be empty in LOCKSTEP mode");
            }
            if (endTime != null && !endTime.isAfter(plant.simulatedTime())) {
                throw new IllegalArgumentException(
                        "endTime must be after the start " + plant.simulatedTime() + ": " + endTime);
            }
            return new SimulationClock(this, plant);
        }
    }
}
