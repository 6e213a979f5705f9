package dev.plantctl.connectors.opcua;

import dev.plantctl.core.RawSample;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OPC UA source against the greenhouse simulator (a real Milo server) that is shut down and started again on the
 * same port mid-stream, its plant an hour further on: the source resumes by itself (the restarted server knows no
 * subscription, so the transfer fails and the source creates it again), finds that the restarted server's history
 * does not reach back to the last values it emitted (it begins an hour later), and reports the outage as a gap on
 * every node before the new values.
 */
class OpcUaSourceReconnectIT {

    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static GreenhouseOpcUaServer server(int port, Instant start) {
        return GreenhouseOpcUaServer.builder().port(port).startTime(start).compartments(1)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(600).stepSeconds(60).start();
    }

    private static String nodeId(String signal) {
        return "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s=" + GreenhouseSignals.nodeIdentifier("c1", signal);
    }

    @Test
    @Timeout(120)
    void subscriptionsResumeAfterAServerRestartAndTheGapIsReported() throws Exception {
        GreenhouseOpcUaServer first = server(0, START);
        int port = first.port();
        String url = first.endpointUrl();
        List<String> nodes = List.of(nodeId(GreenhouseSignals.AIR_TEMPERATURE), nodeId(GreenhouseSignals.CO2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        OpcUaSource source = OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(url)).nodeIds(nodes).build();
        List<RawSample> gaps = new ArrayList<>();
        Set<String> resumed = new HashSet<>();
        GreenhouseOpcUaServer second = null;
        try (CloseableIterator<RawSample> samples = env.fromSource(source, WatermarkStrategy.noWatermarks(), "opcua")
                .executeAndCollect()) {
            for (int good = 0; good < 10; ) {
                good += samples.next().isGood() ? 1 : 0;
            }
            first.close();
            second = server(port, first.simulatedTime().plus(Duration.ofHours(1)));
            while (resumed.size() < nodes.size()) {
                RawSample s = samples.next();
                if (OpcUaSource.isGap(s)) {
                    gaps.add(s);
                } else if (!gaps.isEmpty() && s.isGood()) {
                    resumed.add(s.address());
                }
            }
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
        assertThat(gaps).extracting(RawSample::address).containsExactlyInAnyOrderElementsOf(nodes);
        assertThat(gaps).allSatisfy(g -> {
            assertThat(g.statusCode()).isNotEqualTo(StatusCodes.Good);
            assertThat(g.serverTime()).isNotNull();
            assertThat(Double.isNaN(g.value())).isTrue();
        });
    }
}
