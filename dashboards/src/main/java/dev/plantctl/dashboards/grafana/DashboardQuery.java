package dev.plantctl.dashboards.grafana;

import java.util.Objects;

/**
 * One InfluxQL query of a shipped dashboard.
 *
 * @param dashboard the dashboard's uid
 * @param kind      where it sits
 * @param name      the panel's title, the annotation's or the template variable's name
 * @param influxQl  the query as Grafana holds it, with {@code $timeFilter}, {@code $__interval} and template
 *                  variables unresolved
 */
public record DashboardQuery(String dashboard, Kind kind, String name, String influxQl) {

    /** Where a query sits in a dashboard. */
    public enum Kind {
        /** A panel's target. */
        PANEL,
        /** An annotation query. */
        ANNOTATION,
        /** A template variable's query. */
        VARIABLE
    }

    public DashboardQuery {
        Objects.requireNonNull(dashboard, "dashboard");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(influxQl, "influxQl");
    }

    @Override
    public String toString() {
        return dashboard + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " '" + name + "': " + influxQl;
    }
}
