package dev.plantctl.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.dashboards.grafana.Dashboards;
import dev.plantctl.testing.Await;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Grafana, as the compose file runs it, with this module's provisioning and an InfluxDB 1.8 beside it: the
 * provisioned datasource's health check is OK and every shipped dashboard loads through the HTTP API. Needs a Docker
 * engine; skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
class GrafanaProvisioningIT {

    /** The images of compose.yaml. */
    static final String GRAFANA_IMAGE = "grafana/grafana:10.4.2";
    static final String INFLUXDB_IMAGE = "influxdb:1.8";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final GenericContainer<?> INFLUXDB = new GenericContainer<>(INFLUXDB_IMAGE)
            .withNetwork(NETWORK).withNetworkAliases("influxdb")
            .withEnv("INFLUXDB_DB", "plantctl")
            .withExposedPorts(8086)
            .waitingFor(Wait.forHttp("/ping").forStatusCode(204));

    @Container
    private static final GenericContainer<?> GRAFANA = new GenericContainer<>(GRAFANA_IMAGE)
            .withNetwork(NETWORK)
            .withEnv("PLANTCTL_INFLUX_URL", "http://influxdb:8086")
            .withEnv("PLANTCTL_INFLUX_DB", "plantctl")
            .withCopyFileToContainer(MountableFile.forHostPath("grafana/provisioning"), "/etc/grafana/provisioning")
            .withCopyFileToContainer(MountableFile.forHostPath("grafana/dashboards"),
                    "/var/lib/grafana/dashboards/plantctl")
            .withExposedPorts(3000)
            .waitingFor(Wait.forHttp("/api/health").forStatusCode(200))
            .dependsOn(INFLUXDB);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theProvisionedDatasourceIsHealthy() throws Exception {
        HttpResponse<String> health = get("/api/datasources/uid/plantctl-influxdb/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).as(health.body()).isEqualTo("OK");
    }

    @Test
    void everyShippedDashboardLoads() throws Exception {
        List<String> uids = new ArrayList<>();
        Dashboards.load().forEach(d -> uids.add(d.path("uid").asText()));
        Await.until("Grafana has provisioned " + uids, Duration.ofSeconds(60), () -> searchUids().containsAll(uids),
                () -> "found " + searchUids());
        for (JsonNode shipped : Dashboards.load()) {
            String uid = shipped.path("uid").asText();
            HttpResponse<String> answer = get("/api/dashboards/uid/" + uid);
            assertThat(answer.statusCode()).as("%s: %s", uid, answer.body()).isEqualTo(200);
            JsonNode loaded = JSON.readTree(answer.body());
            assertThat(loaded.path("dashboard").path("title").asText()).isEqualTo(shipped.path("title").asText());
            assertThat(loaded.path("dashboard").path("panels").size()).isEqualTo(shipped.path("panels").size());
            assertThat(loaded.path("meta").path("provisioned").asBoolean()).isTrue();
        }
    }

    private Set<String> searchUids() {
        try {
            Set<String> found = new HashSet<>();
            JSON.readTree(get("/api/search?type=dash-db").body()).forEach(d -> found.add(d.path("uid").asText()));
            return found;
        } catch (IOException e) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + GRAFANA.getHost() + ":" + GRAFANA.getMappedPort(3000) + path);
        return http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "admin:admin".getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
