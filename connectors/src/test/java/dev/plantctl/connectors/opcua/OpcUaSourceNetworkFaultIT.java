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

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Network faults between the OPC UA source and a server that stays up, made by a TCP proxy: a connection reset and
 * a stalled network (connections open, nothing flows, until the session's keep-alive gives up) each end in a
 * reconnection by itself. Against the historizing greenhouse simulator the source reads the steps it missed from the
 * server's history, so every step arrives once and no gap is reported; against a server without history the outage
 * is reported as a gap sample per node that spans it.
 */
@Timeout(240)
class OpcUaSourceNetworkFaultIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String TEMPERATURE = "nsu=" + GreenhouseSignals.NAMESPACE_URI + ";s="
            + GreenhouseSignals.nodeIdentifier("c1", GreenhouseSignals.AIR_TEMPERATURE);
    private static final Duration STEP = Duration.ofSeconds(60);

    @Test
    void aResetAndAStalledNetworkEachEndInAReconnectionThatMissesNoStepOfAHistorizingServer() throws Exception {
        try (GreenhouseOpcUaServer server = GreenhouseOpcUaServer.builder().compartments(1)
                .clockMode(ClockMode.ACCELERATED).accelerationFactor(600).stepSeconds(STEP.toSeconds()).start();
             FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
             CloseableIterator<RawSample> samples = collect(viaProxy(server.endpointUrl(), server.port(), proxy),
                     TEMPERATURE)) {
            List<RawSample> seen = new ArrayList<>();
            take(samples, seen, 5);

            proxy.reset();
            Instant afterReset = server.simulatedTime().plus(STEP.multipliedBy(5));
            takeUntil(samples, seen, afterReset);

            long connectionsBefore = proxy.connections();
            proxy.stall();
            // Nothing flows now. The session's keep-alive gives up, the client dials again (a new connection
            // to the proxy, stalled as well), and only then does the network heal.
            Await.until("the source gives up on the stalled connection and dials again",
                    Duration.ofSeconds(120), () -> proxy.connections() > connectionsBefore);
            proxy.heal();
            takeUntil(samples, seen, server.simulatedTime().plus(STEP.multipliedBy(5)));

            assertThat(proxy.connections()).as("the source connected again after each fault").isGreaterThan(2);
            assertThat(seen).as("gap samples").noneMatch(OpcUaSource::isGap);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(Duration.between(seen.get(i - 1).sourceTime(), seen.get(i).sourceTime()))
                        .as("from sample %d to %d: one step, no step missed or repeated", i - 1, i).isEqualTo(STEP);
            }
        }
    }

    @Test
    void aResetIsReportedAsAGapByAServerWithoutHistory() throws Exception {
        try (CounterPlant plant = CounterPlant.start(1, 0, 1_000_000, Duration.ofMillis(50));
             FaultProxy proxy = FaultProxy.to("127.0.0.1", portOf(plant.endpointUrl()));
             CloseableIterator<RawSample> samples = collect(viaProxy(plant.endpointUrl(),
                     portOf(plant.endpointUrl()), proxy), CounterPlant.nodeId(1))) {
            List<RawSample> seen = new ArrayList<>();
            take(samples, seen, 5);
            Instant resetAt = Instant.now();

            proxy.reset();
            RawSample gap = awaitGap(samples, seen);
            take(samples, seen, 5);

            assertThat(gap.address()).isEqualTo(CounterPlant.nodeId(1));
            assertThat(gap.serverTime()).as("the gap ends after the reset").isAfter(resetAt);
            RawSample before = seen.get(seen.indexOf(gap) - 1);
            assertThat(gap.sourceTime()).as("the gap starts at the last value emitted").isEqualTo(before.sourceTime());
        }
    }

    private static String viaProxy(String url, int port, FaultProxy proxy) {
        return url.replace(":" + port + "/", ":" + proxy.port() + "/");
    }

    private static int portOf(String url) {
        return URI.create(url).getPort();
    }

    private static CloseableIterator<RawSample> collect(String url, String node) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        OpcUaSource source = OpcUaSource.builder().endpoint(OpcUaEndpoint.insecure(url)).nodeIds(List.of(node))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "opcua").executeAndCollect();
    }

    private static void take(CloseableIterator<RawSample> samples, List<RawSample> seen, int good) {
        for (int n = 0; n < good; ) {
            RawSample s = samples.next();
            seen.add(s);
            n += s.isGood() && !OpcUaSource.isGap(s) ? 1 : 0;
        }
    }

    private static void takeUntil(CloseableIterator<RawSample> samples, List<RawSample> seen, Instant sourceTime) {
        RawSample s;
        do {
            s = samples.next();
            seen.add(s);
        } while (s.sourceTime().isBefore(sourceTime));
    }

    private static RawSample awaitGap(CloseableIterator<RawSample> samples, List<RawSample> seen) {
        while (true) {
            RawSample s = samples.next();
            seen.add(s);
            if (OpcUaSource.isGap(s)) {
                return s;
            }
        }
    }
}
