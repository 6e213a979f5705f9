/**
 * The shipped Grafana dashboards as data: their InfluxQL queries ({@link dev.plantctl.dashboards.grafana.Dashboards})
 * and a check of each against the telemetry schema ({@link dev.plantctl.dashboards.grafana.SchemaCheck}).
 */
package dev.plantctl.dashboards.grafana;
