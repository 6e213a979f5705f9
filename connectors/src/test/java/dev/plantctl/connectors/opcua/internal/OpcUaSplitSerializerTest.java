package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaSplit;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpcUaSplitSerializerTest {

    private static final OpcUaEndpoint ENDPOINT = OpcUaEndpoint.insecure("opc.tcp://127.0.0.1:4840/plant");
    private static final OpcUaSplit SPLIT = new OpcUaSplit("3", ENDPOINT, List.of("ns=2;s=a", "nsu=urn:x;path=/g/*/t"),
            Map.of("ns=2;s=a", Instant.parse("2026-02-01T06:15:00.123456700Z"),
                    "nsu=urn:x;path=/g/c1/t", Instant.parse("2026-02-01T06:00:00Z")));

    @Test
    void aSplitWithItsLastEmittedTimesSurvivesACheckpoint() throws IOException {
        OpcUaSplitSerializer serializer = new OpcUaSplitSerializer();

        assertThat(serializer.getVersion()).isEqualTo(3);
        assertThat(serializer.deserialize(3, serializer.serialize(SPLIT))).isEqualTo(SPLIT);
        OpcUaSplitSerializer.PendingSplits pending = new OpcUaSplitSerializer.PendingSplits();
        List<OpcUaSplit> splits = List.of(SPLIT, new OpcUaSplit("4", ENDPOINT, List.of("ns=2;s=b")));
        assertThat(pending.deserialize(pending.getVersion(), pending.serialize(splits))).isEqualTo(splits);
    }

    @Test
    void aVersion2CheckpointStillLoadsWithoutTimes() throws IOException {
        OpcUaSplit expected = new OpcUaSplit("3", ENDPOINT, SPLIT.nodeIds());

        assertThat(new OpcUaSplitSerializer().deserialize(2, version2(SPLIT))).isEqualTo(expected);
        DataOutputSerializer pending = new DataOutputSerializer(256);
        pending.writeInt(1);
        pending.write(version2(SPLIT));
        assertThat(new OpcUaSplitSerializer.PendingSplits().deserialize(2, pending.getCopyOfBuffer()))
                .containsExactly(expected);
    }

    @Test
    void anUnknownVersionIsRefusedByNumber() {
        assertThatThrownBy(() -> new OpcUaSplitSerializer().deserialize(7, new byte[0]))
                .hasMessageContaining("unknown OPC UA split serializer version 7 (this build reads 2 and 3)");
    }

    /** The layout version 2 wrote: id, endpoint (Java-serialized), nodes. */
    private static byte[] version2(OpcUaSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeUTF(split.splitId());
        byte[] endpoint = InstantiationUtil.serializeObject(split.endpoint());
        out.writeInt(endpoint.length);
        out.write(endpoint);
        out.writeInt(split.nodeIds().size());
        for (String node : split.nodeIds()) {
            out.writeUTF(node);
        }
        return out.getCopyOfBuffer();
    }
}
