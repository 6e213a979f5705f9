/**
 * The telemetry schema: the measurements, tags and fields plantctl writes to InfluxDB and the Grafana dashboards
 * read ({@link dev.plantctl.dashboards.telemetry.Measurement}), checked points
 * ({@link dev.plantctl.dashboards.telemetry.TelemetryPoint}) and the mapping from plantctl's records
 * ({@link dev.plantctl.dashboards.telemetry.Telemetry}). Plain Java on {@code core}: no Flink, no HTTP client.
 */
package dev.plantctl.dashboards.telemetry;
