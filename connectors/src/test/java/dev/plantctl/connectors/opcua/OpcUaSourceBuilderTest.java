package dev.plantctl.connectors.opcua;

import org.apache.flink.api.connector.source.Boundedness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpcUaSourceBuilderTest {

    private static final OpcUaEndpoint ENDPOINT = OpcUaEndpoint.insecure("opc.tcp://127.0.0.1:4840");

    @Test
    void eachBadOptionIsNamedAtBuildTime() {
        assertThatThrownBy(() -> OpcUaSource.builder().nodeIds(List.of("ns=2;s=a")).build())
                .hasMessageContaining("'endpoint'");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).build())
                .hasMessageContaining("'nodeIds'");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("c1/temp")).build())
                .hasMessageContaining("'c1/temp'");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("ns=2;s=a", "ns=2;s=a"))
                .build()).hasMessageContaining("twice");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("ns=2;s=a"))
                .samplingInterval(Duration.ZERO).build()).hasMessageContaining("'samplingInterval'");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("ns=2;s=a"))
                .queueSize(0).build()).hasMessageContaining("'queueSize'");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("ns=2;s=a"))
                .nodesPerSplit(0).build()).hasMessageContaining("'nodesPerSplit'");
    }

    @Test
    void browsePathsAreAcceptedAndMalformedOnesNamed() {
        assertThat(OpcUaSource.builder().endpoint(ENDPOINT)
                .nodeIds(List.of("nsu=urn:x;path=/greenhouse/c1/co2", "ns=2;path=/a")).build()).isNotNull();
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("nsu=urn:x;path=/a//b"))
                .build()).hasMessageContaining("path=/a//b");
        assertThatThrownBy(() -> OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("nsu=urn:x;path=a"))
                .build()).hasMessageContaining("browse path");
    }

    @Test
    void badEndpointUrlIsNamed() {
        assertThatThrownBy(() -> OpcUaEndpoint.insecure("http://x:1")).hasMessageContaining("http://x:1");
        assertThatThrownBy(() -> OpcUaEndpoint.insecure("opc.tcp://nohost")).hasMessageContaining("opc.tcp://nohost");
        assertThatThrownBy(() -> OpcUaEndpoint.insecure(" ")).hasMessageContaining("missing");
    }

    @Test
    void endTimeMakesTheSourceBounded() {
        OpcUaSource.Builder b = OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(List.of("nsu=urn:x;s=a"));
        assertThat(b.build().getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(b.endTime(Instant.EPOCH).build().getBoundedness()).isEqualTo(Boundedness.BOUNDED);
    }

    @Test
    void nodesAreCutIntoSplitsThatRoundTripThroughTheirSerializers() throws Exception {
        List<String> nodes = IntStream.range(0, 25).mapToObj(i -> "ns=2;s=n" + i).toList();
        OpcUaSource source = OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(nodes).nodesPerSplit(10).build();
        var enumeratorState = source.getEnumeratorCheckpointSerializer();
        var splitSerializer = source.getSplitSerializer();
        // The enumerator's initial state holds every split; read it back through its own serializer.
        List<OpcUaSplit> splits = enumeratorState.deserialize(enumeratorState.getVersion(),
                enumeratorState.serialize(initialSplits(source)));
        assertThat(splits).as("three splits of at most 10, as equal as can be").extracting(s -> s.nodeIds().size())
                .containsExactly(9, 8, 8);
        assertThat(splits).flatExtracting(OpcUaSplit::nodeIds).containsExactlyElementsOf(nodes);
        for (OpcUaSplit s : splits) {
            assertThat(splitSerializer.deserialize(splitSerializer.getVersion(), splitSerializer.serialize(s)))
                    .isEqualTo(s);
        }
        assertThatThrownBy(() -> splitSerializer.deserialize(99, new byte[0])).hasMessageContaining("99");
    }

    @Property(tries = 200)
    void splitsTakeEveryNodeOnceInOrderAsFewAsTheLimitAllowsAndEqualWithinOne(
            @ForAll @IntRange(min = 1, max = 2_000) int nodeCount, @ForAll @IntRange(min = 1, max = 600) int limit)
            throws Exception {
        List<String> nodes = IntStream.range(0, nodeCount).mapToObj(i -> "ns=2;s=n" + i).toList();
        List<OpcUaSplit> splits = initialSplits(OpcUaSource.builder().endpoint(ENDPOINT).nodeIds(nodes)
                .nodesPerSplit(limit).build());
        assertThat(splits).flatExtracting(OpcUaSplit::nodeIds).containsExactlyElementsOf(nodes);
        assertThat(splits).hasSize((nodeCount + limit - 1) / limit);
        IntSummaryStatistics sizes = splits.stream().mapToInt(sp -> sp.nodeIds().size()).summaryStatistics();
        assertThat(sizes.getMax()).isLessThanOrEqualTo(limit);
        assertThat(sizes.getMax() - sizes.getMin()).isLessThanOrEqualTo(1);
    }

    private static List<OpcUaSplit> initialSplits(OpcUaSource source) throws Exception {
        var enumerator = source.createEnumerator(null);
        return enumerator.snapshotState(0);
    }
}
