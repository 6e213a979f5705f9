package dev.plantctl.connectors.opcua;

import dev.plantctl.connectors.CollectingSink;
import dev.plantctl.connectors.Secret;
import dev.plantctl.core.RawSample;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.simulators.opcua.ServerSecurity;
import dev.plantctl.testing.Await;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The source's options on a Flink MiniCluster against the greenhouse simulator: an absolute deadband lets only real
 * moves of a value through, and a signed and encrypted endpoint with a user works from the task manager (the
 * endpoint travels inside the split and the reader loads certificate, trust and password there).
 */
@Timeout(180)
class OpcUaSourceOptionsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TEMPERATURE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier("c1", GreenhouseSignals.AIR_TEMPERATURE);
    private static final Duration RUN = Duration.ofHours(12);
    private static final Queue<RawSample> COLLECTED = CollectingSink.collected("opcua-source-options");

    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        COLLECTED.clear();
    }

    @Test
    void anAbsoluteDeadbandReportsOnlyMovesLargerThanItself() throws Exception {
        List<Double> everyStep = temperatures(null);
        List<Double> deadbanded = temperatures(0.5);

        assertThat(steps(everyStep).getMin()).as("without a deadband small moves are reported too").isLessThan(0.5);
        assertThat(steps(deadbanded).getMin()).as("each reported move exceeds the deadband").isGreaterThan(0.5);
        assertThat(deadbanded.size()).isLessThan(everyStep.size() / 2).isGreaterThan(1);
    }

    @Test
    void aSecureEndpointWithAUserStreamsEveryNodeOfABrowsePathPatternFromTheTaskManager() throws Exception {
        Path pki = dir.resolve("server-pki");
        Path trust = dir.resolve("client-trust");
        KeyStoreEntry client = TestCertificates.create(dir.resolve("client"), "plantctl-client",
                "urn:plantctl:test:client");
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(2)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(3600).stepSeconds(60)
                .security(ServerSecurity.secure(pki, "server-password".toCharArray()).user("operator", "grow"))
                .start()) {
            TestCertificates.trust(dir.resolve("client/plantctl-client.der"), pki.resolve("trusted/certs"));
            TestCertificates.trust(pki.resolve("own/server.der"), trust.resolve("trusted/certs"));
            OpcUaEndpoint endpoint = OpcUaEndpoint.secure(server.endpointUrl())
                    .securityPolicy("Aes256_Sha256_RsaPss").clientCertificate(client).trustDirectory(trust)
                    .identity(OpcUaIdentity.username("operator",
                            Secret.fromFile(Files.writeString(dir.resolve("operator.password"), "grow"))))
                    .build();
            String pattern = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";path=/greenhouse/*/air_temperature";
            JobClient job = run(OpcUaSource.builder().endpoint(endpoint).nodeIds(List.of(pattern)).build());
            try {
                Await.until("20 good samples over the secure channel", Duration.ofSeconds(60),
                        () -> COLLECTED.stream().filter(RawSample::isGood).count() >= 20);
            } finally {
                job.cancel().get();
            }
            assertThat(COLLECTED).extracting(RawSample::address).containsOnly(
                    pattern.replace("*", "c1"), pattern.replace("*", "c2"));
        }
    }

    /** Air temperatures of {@link #RUN} simulated hours, with a deadband when it is not null. */
    private static List<Double> temperatures(Double deadband) throws Exception {
        COLLECTED.clear();
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(1)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(3600).stepSeconds(60).start()) {
            OpcUaSource.Builder source = OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(server.endpointUrl()))
                    .nodeIds(List.of(TEMPERATURE));
            if (deadband != null) {
                source.absoluteDeadband(deadband);
            }
            JobClient job = run(source.build());
            Instant end;
            try {
                // the run starts with the first value the source delivers, however long the job took to subscribe
                Await.until("a first value", Duration.ofSeconds(90), () -> !COLLECTED.isEmpty());
                end = COLLECTED.peek().sourceTime().plus(RUN);
                Await.until("the simulator passes " + end, Duration.ofSeconds(90),
                        () -> !server.simulatedTime().isBefore(end));
            } finally {
                job.cancel().get();
            }
            List<Double> values = new ArrayList<>();
            for (RawSample s : COLLECTED) {
                if (s.isGood() && !s.sourceTime().isAfter(end)) {
                    values.add(s.value());
                }
            }
            return values;
        }
    }

    private static JobClient run(OpcUaSource source) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "opcua").sinkTo(CollectingSink.into("opcua-source-options"));
        return env.executeAsync("opcua-source-options");
    }

    /** The sizes of the moves between successive values. */
    private static DoubleSummaryStatistics steps(List<Double> values) {
        DoubleSummaryStatistics steps = new DoubleSummaryStatistics();
        for (int i = 1; i < values.size(); i++) {
            steps.accept(Math.abs(values.get(i) - values.get(i - 1)));
        }
        return steps;
    }
}
