package dev.plantctl.jobs.launch;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.TestCertificates;
import dev.plantctl.jobs.greenhouse.GreenhouseJobFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped deploy files (the Kubernetes manifests in {@code deploy/}, the root {@code compose.yaml}) are secure
 * and in step with the job's parser: every job configuration in a manifest's ConfigMap is read by the real
 * {@link GreenhouseJobFile} (so a renamed or unknown key fails here, not at a user's submission) and asks for a
 * signed and encrypted OPC UA endpoint with a trust directory; no deploy file says {@code security=none}, talks to
 * InfluxDB or an MQTT broker in plain text, or publishes a port beyond 127.0.0.1.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Where the manifests mount secrets, trust directories and outputs; the test maps it to a temporary folder. */
    private static final String MOUNT_ROOT = "/opt/plantctl/";
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]*://[^\\s\"',]+");

    @Test
    void everyJobConfigurationInAManifestIsReadByTheJobsParserAndSecure(@TempDir Path mounts) throws Exception {
        List<Path> configs = new ArrayList<>();
        for (Path manifest : manifests()) {
            for (Map.Entry<String, String> entry : configMapFiles(manifest).entrySet()) {
                assertThat(entry.getKey()).as("%s: only greenhouse job files are shipped", manifest)
                        .startsWith("greenhouse");
                String text = entry.getValue().replace(MOUNT_ROOT, mounts.toString() + "/");
                provideMountedFiles(text);
                Path file = Files.writeString(mounts.resolve(entry.getKey()), text);
                configs.add(file);

                GreenhouseJobFile job = GreenhouseJobFile.read(file);

                OpcUaEndpoint endpoint = job.job().endpoint();
                assertThat(endpoint.isInsecure()).as("%s in %s", entry.getKey(), manifest).isFalse();
                assertThat(endpoint.securityMode()).isEqualTo("SignAndEncrypt");
                assertThat(endpoint.trustDirectory()).isNotNull();
                assertThat(endpoint.clientCertificate()).isNotNull();
                if (job.telemetry() != null) {
                    assertThat(job.telemetry().url()).startsWith("https://");
                }
            }
        }
        assertThat(configs).as("job configurations in %s", manifests()).isNotEmpty();
    }

    @Test
    void noDeployFileTurnsSecurityOffOrSpeaksPlainTextToInfluxDbOrMqtt() throws Exception {
        for (Path file : deployFiles()) {
            String text = Files.readString(file);
            assertThat(text).as("%s", file).doesNotContainPattern("security\\s*[=:]\\s*\"?none");
            Matcher urls = URL.matcher(text);
            while (urls.find()) {
                String url = urls.group();
                assertThat(url).as("%s: %s", file, url).doesNotStartWith("tcp://").doesNotStartWith("mqtt://");
                if (url.contains("influx") || url.contains(":8086")) {
                    assertThat(url).as("%s: InfluxDB at %s", file, url).startsWith("https://");
                }
            }
        }
    }

    @Test
    void composePublishesItsPortsOnLoopbackOnly() throws Exception {
        Map<String, Object> compose = yaml(ROOT.resolve("compose.yaml")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        int published = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object ports = service.getValue().get("ports");
            if (ports == null) {
                continue;
            }
            for (Object port : (List<?>) ports) {
                assertThat(port).as("service %s", service.getKey()).isInstanceOf(String.class);
                assertThat((String) port).as("service %s", service.getKey()).startsWith("127.0.0.1:");
                published++;
            }
        }
        assertThat(published).as("published ports in compose.yaml").isPositive();
    }

    /** Creates what a configuration expects to find mounted: key stores, passwords, trust directories. */
    private static void provideMountedFiles(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        for (String key : p.stringPropertyNames()) {
            Path path = Path.of(p.getProperty(key));
            if (key.endsWith(".keystore")) {
                String aliasKey = key.replace(".keystore", ".alias");
                String alias = p.getProperty(aliasKey, "plantctl");
                TestCertificates.create(path.getParent(), alias, "urn:plantctl:deploy-test:" + alias);
                Path made = path.getParent().resolve(alias + ".p12");
                if (!made.equals(path)) {
                    Files.move(made, path);
                }
                Path password = Path.of(p.getProperty(key.replace(".keystore", ".password.file")));
                Files.writeString(password, TestCertificates.PASSWORD + "\n");
            } else if (key.endsWith(".dir")) {
                Files.createDirectories(path);
            }
        }
        for (String key : p.stringPropertyNames()) {
            Path path = Path.of(p.getProperty(key));
            if (key.endsWith(".password.file") && !Files.exists(path)) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, "deploy-test-secret\n");
            }
        }
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy"))) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .toList();
        }
    }

    private static List<Path> deployFiles() throws IOException {
        List<Path> files = new ArrayList<>(manifests());
        files.add(ROOT.resolve("compose.yaml"));
        files.add(ROOT.resolve("deploy/Dockerfile"));
        try (Stream<Path> compose = Files.list(ROOT.resolve("deploy/compose"))) {
            compose.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    /** The {@code *.properties} entries of every ConfigMap in a manifest. */
    private static Map<String, String> configMapFiles(Path manifest) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Map<String, Object> doc : yaml(manifest)) {
            if ("ConfigMap".equals(doc.get("kind")) && doc.get("data") instanceof Map<?, ?> data) {
                data.forEach((name, value) -> {
                    if (name.toString().endsWith(".properties")) {
                        out.put(name.toString(), value.toString());
                    }
                });
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }
}
