package dev.plantctl.dashboards.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Grafana dashboards plantctl ships (in {@code dashboards/grafana/dashboards}, and in this module's jar under
 * {@value #RESOURCE_DIR}), and every InfluxQL query they hold: panel targets, annotation queries and template
 * variable queries.
 */
public final class Dashboards {

    /** Where the dashboards are on the class path. */
    public static final String RESOURCE_DIR = "grafana/dashboards/";
    /** The shipped dashboards' file names (a test checks that this is the folder's content). */
    public static final List<String> FILES = List.of("plantctl-overview.json", "plantctl-greenhouse-climate.json",
            "plantctl-decisions.json", "plantctl-printer-farm.json", "plantctl-model-health.json",
            "plantctl-pipeline-health.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dashboards() {
    }

    /** Every shipped dashboard, parsed. */
    public static List<JsonNode> load() {
        List<JsonNode> out = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = Dashboards.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard " + RESOURCE_DIR + file + " is not on the class path");
                }
                out.add(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard " + RESOURCE_DIR + file, e);
            }
        }
        return out;
    }

    /** Every InfluxQL query of one dashboard. */
    public static List<DashboardQuery> queries(JsonNode dashboard) {
        String uid = dashboard.path("uid").asText();
        List<DashboardQuery> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(new DashboardQuery(uid, DashboardQuery.Kind.PANEL, panel.path("title").asText(),
                        target.path("query").asText()));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("query")) {
                out.add(new DashboardQuery(uid, DashboardQuery.Kind.ANNOTATION, annotation.path("name").asText(),
                        annotation.path("query").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            out.add(new DashboardQuery(uid, DashboardQuery.Kind.VARIABLE, variable.path("name").asText(),
                    variable.path("query").asText()));
        }
        return out;
    }

    /** Every InfluxQL query of every shipped dashboard. */
    public static List<DashboardQuery> allQueries() {
        return load().stream().flatMap(d -> queries(d).stream()).toList();
    }
}
