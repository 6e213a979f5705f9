package dev.plantctl.simulators.greenhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.SimulationClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interop with an independent OPC UA implementation: node-opcua's client browses, reads, subscribes to and writes
 * the simulator. Needs Node.js and the pinned node-opcua installed by {@code src/test/node/install.sh}.
 */
class NodeOpcUaInteropIT {

    private static final Logger LOG = LoggerFactory.getLogger(NodeOpcUaInteropIT.class);
    private static final Path NODE_DIR = Path.of("src", "test", "node");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final String UNECE = "http://www.opcfoundation.org/UA/units/un/cefact";

    @Test
    void nodeOpcUaBrowsesReadsSubscribesAndWrites() throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("node-opcua-client"))) {
            fail("node-opcua is not installed in " + NODE_DIR.toAbsolutePath()
                    + "/node_modules: run simulators/src/test/node/install.sh (npm ci) before the integration tests");
        }
        int steps = 8;
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(2)
                .clockMode(ClockMode.LOCKSTEP).lockstepTimeout(Duration.ofMinutes(5)).start()) {
            JsonNode out = runScript(server.endpointUrl(), steps);
            LOG.info("node-opcua interop result: {}", out);

            assertThat(out.path("error").isMissingNode()).as("script error: %s", out.path("error")).isTrue();
            assertThat(out.get("client").asText()).isEqualTo("node-opcua-client 2.182.2");
            assertThat(texts(out.get("plantNodes"))).containsExactlyInAnyOrder(GreenhouseSignals.CLOCK, "c1", "c2");
            assertThat(texts(out.get("compartments"))).containsExactly("c1", "c2");
            List<String> expected = new ArrayList<>(GreenhouseSignals.SENSOR_UNITS.keySet());
            expected.addAll(GreenhouseSignals.ACTUATOR_UNITS.keySet());
            expected.add(GreenhouseSignals.CONTROL_MODE);
            expected.add(GreenhouseSignals.WATCHDOG_TRIPPED);
            expected.add(GreenhouseSignals.SETPOINT_VALID_UNTIL);
            assertThat(texts(out.get("c1Nodes"))).containsExactlyInAnyOrderElementsOf(expected);

            JsonNode temp = out.get("airTemperature");
            assertThat(temp.get("value").asDouble()).isEqualTo(15.0);
            assertThat(temp.get("dataType").asText()).isEqualTo("Double");
            assertThat(temp.get("status").asText()).isEqualTo("Good");
            assertThat(temp.get("sourceTimestamp").asText()).isEqualTo("2026-02-01T00:00:00.000Z");

            JsonNode heating = out.get("heating");
            assertThat(heating.at("/euRange/low").asDouble()).isEqualTo(0.0);
            assertThat(heating.at("/euRange/high").asDouble()).isEqualTo(150.0);
            assertThat(heating.at("/engineeringUnits/namespaceUri").asText()).isEqualTo(UNECE);
            assertThat(heating.at("/engineeringUnits/unitId").asInt()).isEqualTo(0x443534);
            assertThat(heating.at("/engineeringUnits/displayName").asText()).isEqualTo("W/m²");
            assertThat(out.get("co2UnitId").asInt()).isEqualTo(0x3539);

            List<String> stepTimes = new ArrayList<>();
            for (int k = 0; k <= steps; k++) {
                stepTimes.add(SimulationClock.DEFAULT_START.plusSeconds(900L * k).toString().replace("Z", ".000Z"));
            }
            assertThat(texts(out.get("notifications"))).as("one notification per lockstep step")
                    .containsExactlyElementsOf(stepTimes);
            assertThat(texts(out.get("validWrites"))).hasSize(6 * steps).containsOnly("Good");

            JsonNode invalid = out.get("invalidWrites");
            assertThat(invalid.get("nan").asText()).isEqualTo("BadOutOfRange");
            assertThat(invalid.get("string").asText()).isEqualTo("BadTypeMismatch");
            assertThat(invalid.get("int32").asText()).isEqualTo("BadTypeMismatch");
            assertThat(invalid.get("outOfRange").asText()).isEqualTo("BadOutOfRange");
            assertThat(out.get("heatingAfterInvalidWrites").asDouble()).isEqualTo(100.0 - (steps - 1));

            assertThat(server.writesAccepted()).isEqualTo(6L * steps);
            assertThat(server.writesRejected("c2")).isEqualTo(4);
            assertThat(server.writesRejected("c1")).isZero();
            assertThat(server.clock().barrierSteps()).isEqualTo(steps);
            LOG.info("lockstep driven by node-opcua (publishing interval 20 ms): {} ms wall per step",
                    out.get("msPerStep").asDouble());
        }
    }

    private static JsonNode runScript(String endpointUrl, int steps) throws IOException, InterruptedException {
        Path stderr = Path.of("target", "node-opcua-interop.stderr.log");
        Files.createDirectories(stderr.getParent());
        Process process;
        try {
            process = new ProcessBuilder("node", "interop.js", endpointUrl, Integer.toString(steps))
                    .directory(NODE_DIR.toFile())
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'node' (Node.js 20 or later must be on the PATH)", e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("node interop.js did not finish within " + SCRIPT_TIMEOUT + "; see " + stderr.toAbsolutePath());
        }
        String text = stdout.join().strip();
        assertThat(process.exitValue()).as("node interop.js exit code; stdout: %s; stderr in %s", text,
                stderr.toAbsolutePath()).isZero();
        String[] lines = text.split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the script's output", e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
