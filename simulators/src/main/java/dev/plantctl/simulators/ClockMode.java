package dev.plantctl.simulators;

/**
 * How a {@link SimulationClock} paces the plant. In every mode the plant advances in whole steps of the same
 * simulated length; the modes differ only in when the next step is taken.
 */
public enum ClockMode {

    /** One simulated second per wall second: a step every step length of wall time. */
    REALTIME,

    /** A fixed number of simulated seconds per wall second: a step every step length / factor of wall time. */
    ACCELERATED,

    /**
     * The plant waits for its controller: the next step is taken as soon as every expected party has arrived at
     * the barrier since the last step (for a greenhouse: every actuator of every compartment got an accepted
     * write), or when the wall-clock step timeout has passed, whichever comes first.
     */
    LOCKSTEP
}
