/**
 * Flink sources and sinks of plantctl, on the FLIP-27 {@code Source} and Sink V2 APIs only:
 * {@link dev.plantctl.connectors.opcua.OpcUaSource}, {@link dev.plantctl.connectors.opcua.OpcUaSetpointSink}
 * and {@link dev.plantctl.connectors.file.JsonLinesSink}. Internals live in {@code internal} packages.
 */
package dev.plantctl.connectors;
