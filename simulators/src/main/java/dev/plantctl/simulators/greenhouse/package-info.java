/**
 * The greenhouse simulator: {@link dev.plantctl.simulators.greenhouse.GreenhouseSimulation} (N compartments of van
 * Henten's model with a setpoint watchdog and season ledgers, plain Java) and
 * {@link dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer}, which puts it behind a Milo OPC UA server.
 */
package dev.plantctl.simulators.greenhouse;
