package dev.plantctl.dashboards.grafana;

import dev.plantctl.dashboards.telemetry.Measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a dashboard query against the telemetry schema: its measurement must be one plantctl writes, and every
 * field or tag it names one of that measurement's.
 */
public final class SchemaCheck {

    private SchemaCheck() {
    }

    /** What is wrong with the query, one sentence each naming dashboard, panel and identifier; empty when none. */
    public static List<String> problems(DashboardQuery query) {
        List<String> problems = new ArrayList<>();
        InfluxQlReferences refs;
        try {
            refs = InfluxQlReferences.of(query.influxQl());
        } catch (IllegalArgumentException e) {
            return List.of(query + ": " + e.getMessage());
        }
        Optional<Measurement> measurement = Measurement.byId(refs.measurement());
        if (measurement.isEmpty()) {
            return List.of(query + ": measurement \"" + refs.measurement() + "\" is not in the telemetry schema");
        }
        Measurement m = measurement.get();
        for (String identifier : refs.identifiers()) {
            if (!m.tags().contains(identifier) && !m.fields().containsKey(identifier)) {
                problems.add(query + ": \"" + identifier + "\" is neither a tag " + m.tags() + " nor a field "
                        + m.fields().keySet() + " of " + m.id());
            }
        }
        return problems;
    }
}
