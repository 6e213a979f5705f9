/**
 * OPC UA machinery the simulators share: a Milo server host ({@link dev.plantctl.simulators.opcua.OpcUaServerHost}),
 * a namespace base that pushes every published state to its monitored items and serves the last values of each
 * as raw history ({@link dev.plantctl.simulators.opcua.PushedValuesNamespace}), and engineering units
 * ({@link dev.plantctl.simulators.opcua.EngineeringUnits}).
 */
package dev.plantctl.simulators.opcua;
