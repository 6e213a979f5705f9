package dev.plantctl.simulators;

import java.time.Instant;

/**
 * A plant that a {@link SimulationClock} can drive: it has a simulated time and advances by a step.
 * The clock calls both methods on its own thread and never concurrently with {@link SimulationClock#arrive}.
 */
public interface SimulatedPlant {

    /** The simulated instant of the plant's current state. */
    Instant simulatedTime();

    /**
     * Advances the plant by one step from {@link #simulatedTime()}.
     *
     * @param dtSeconds the step's length in simulated seconds, finite and &gt; 0
     */
    void advance(double dtSeconds);
}
