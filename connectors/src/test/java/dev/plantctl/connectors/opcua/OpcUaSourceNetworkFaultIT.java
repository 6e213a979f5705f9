package dev.plantctl.connectors.opcua;

import dev.plantctl.core.RawSample;
import dev.plantctl.models.greenhouse.GreenhouseSignals;
import dev.plantctl.simulators.ClockMode;
import dev.plantctl.simulators.greenhouse.GreenhouseOpcUaServer;
import dev.plantctl.testing.Await;
import dev.plantctl.testing.FaultProxy;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network faults between the OPC UA source and a server that stays up, made by a TCP proxy: a connection reset and
 * a stalled network (connections open, nothing flows, until the session's keep-alive gives up) each end in a
 * reconnection by itself and one gap sample per node that spans the outage.
 */
@Timeout(240)
class OpcUaSourceNetworkFaultIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TEMPERATURE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier("c1", GreenhouseSignals.AIR_TEMPERATURE);

    @Test
    void aResetAndAStalledNetworkEachEndInAReconnectionAndAReportedGap() throws Exception {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(1)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(600).stepSeconds(60).start();
             FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
            String viaProxy = server.endpointUrl().replace(":" + server.port() + "/", ":" + proxy.port() + "/");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            OpcUaSource source = OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(viaProxy))
                    .nodeIds(List.of(TEMPERATURE)).build();
            try (CloseableIterator<RawSample> samples = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                    "opcua").executeAndCollect()) {
                awaitGood(samples, 5);

                proxy.reset();
                RawSample afterReset = awaitGap(samples);
                awaitGood(samples, 5);

                long connectionsBefore = proxy.connections();
                Instant stalledAt = Instant.now();
                proxy.stall();
                // Nothing flows now. The session's keep-alive gives up, the client dials again (a new connection
                // to the proxy, stalled as well), and only then does the network heal.
                Await.until("the source gives up on the stalled connection and dials again",
                        Duration.ofSeconds(120), () -> proxy.connections() > connectionsBefore);
                proxy.heal();
                RawSample afterStall = awaitGap(samples);
                awaitGood(samples, 5);

                assertThat(afterReset.address()).isEqualTo(TEMPERATURE);
                assertThat(afterReset.serverTime()).isAfterOrEqualTo(afterReset.sourceTime());
                assertThat(afterStall.serverTime()).as("the gap ends after the stall began").isAfter(stalledAt);
                assertThat(proxy.connections()).as("the source connected again after each fault").isGreaterThan(1);
            }
        }
    }

    private static void awaitGood(CloseableIterator<RawSample> samples, int count) {
        for (int good = 0; good < count; ) {
            RawSample s = samples.next();
            good += s.isGood() && !OpcUaSource.isGap(s) ? 1 : 0;
        }
    }

    private static RawSample awaitGap(CloseableIterator<RawSample> samples) {
        while (true) {
            RawSample s = samples.next();
            if (OpcUaSource.isGap(s)) {
                return s;
            }
        }
    }
}
