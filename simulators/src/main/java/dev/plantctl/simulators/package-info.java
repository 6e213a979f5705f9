/**
 * Shared machinery of the hardware-in-the-loop simulators: the {@link dev.plantctl.simulators.SimulationClock}
 * that paces a {@link dev.plantctl.simulators.SimulatedPlant} in real time, accelerated or in lockstep with its
 * controller.
 */
package dev.plantctl.simulators;
