package dev.plantctl.connectors.opcua;

import dev.plantctl.core.Setpoint;

import java.io.Serializable;

/** Says which OPC UA node a setpoint is written to, as node id text ({@code nsu=urn:...;s=...}). */
@FunctionalInterface
public interface SetpointAddressing extends Serializable {

    /** The node id text of the setpoint's actuator. */
    String nodeIdOf(Setpoint setpoint);
}
