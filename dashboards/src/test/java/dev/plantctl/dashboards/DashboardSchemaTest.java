package dev.plantctl.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plantctl.dashboards.grafana.DashboardQuery;
import dev.plantctl.dashboards.grafana.Dashboards;
import dev.plantctl.dashboards.grafana.InfluxQlReferences;
import dev.plantctl.dashboards.grafana.SchemaCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardSchemaTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");

    @Test
    void everyPanelAnnotationAndVariableQueryNamesOnlyWhatTheSchemaWrites() {
        List<DashboardQuery> queries = Dashboards.allQueries();
        assertThat(queries).hasSizeGreaterThan(40);
        assertThat(queries.stream().flatMap(q -> SchemaCheck.problems(q).stream())).isEmpty();
    }

    @Test
    void aPanelNamingAFieldOrMeasurementTheSchemaDoesNotWriteIsReported() {
        DashboardQuery badField = new DashboardQuery("d", DashboardQuery.Kind.PANEL, "p",
                "SELECT mean(\"temperature\") FROM \"reading\" WHERE \"plant\" =~ /^$plant$/ AND $timeFilter");
        DashboardQuery badMeasurement = new DashboardQuery("d", DashboardQuery.Kind.PANEL, "p",
                "SELECT mean(\"value\") FROM \"readings\" WHERE $timeFilter");
        DashboardQuery badTag = new DashboardQuery("d", DashboardQuery.Kind.VARIABLE, "v",
                "SHOW TAG VALUES FROM \"decision\" WITH KEY = \"compartment\"");
        assertThat(SchemaCheck.problems(badField)).singleElement().asString()
                .contains("\"temperature\" is neither a tag");
        assertThat(SchemaCheck.problems(badMeasurement)).singleElement().asString()
                .contains("measurement \"readings\" is not in the telemetry schema");
        assertThat(SchemaCheck.problems(badTag)).singleElement().asString().contains("\"compartment\"");
    }

    @Test
    void aliasesAreNotIdentifiers() {
        InfluxQlReferences refs = InfluxQlReferences.of("SELECT mean(\"co2_min\") AS \"band min\" FROM \"comfort_band\""
                + " WHERE \"unit\" =~ /^$compartment$/ GROUP BY time($__interval), \"unit\"");
        assertThat(refs.measurement()).isEqualTo("comfort_band");
        assertThat(refs.identifiers()).containsExactly("co2_min", "unit", "unit");
    }

    @Test
    void theListOfDashboardsIsTheFolderContent() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("grafana", "dashboards"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Dashboards.FILES);
        }
    }

    @Test
    void everyDashboardHasAUniqueUidQueriesTheProvisionedDatasourceAndDefinesTheVariablesItUses() {
        Set<String> uids = new HashSet<>();
        for (JsonNode dashboard : Dashboards.load()) {
            String uid = dashboard.path("uid").asText();
            assertThat(uids.add(uid)).as("uid %s unique", uid).isTrue();
            Set<String> defined = new HashSet<>(Set.of("timeFilter", "__interval"));
            dashboard.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(panel.path("datasource").path("uid").asText()).as("%s: %s", uid, panel.path("title"))
                        .isEqualTo("plantctl-influxdb");
                assertThat(panel.path("targets").size()).as("%s: %s", uid, panel.path("title")).isPositive();
            }
            for (DashboardQuery q : Dashboards.queries(dashboard)) {
                Matcher m = VARIABLE.matcher(q.influxQl());
                while (m.find()) {
                    assertThat(defined).as("%s uses $%s", q, m.group(1)).contains(m.group(1));
                }
            }
        }
        assertThat(uids).hasSize(Dashboards.FILES.size());
    }
}
