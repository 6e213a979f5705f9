package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaEndpoint;
import dev.plantctl.connectors.opcua.OpcUaSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes splits and the enumerator's list of pending splits into checkpoints. Version 3 adds each node's last
 * emitted source time to version 2's id, endpoint and nodes; version 2 checkpoints still load (their splits resume
 * without history backfill, as they did when they were written).
 */
public final class OpcUaSplitSerializer implements SimpleVersionedSerializer<OpcUaSplit> {

    private static final int VERSION = 3;
    /** Id, endpoint and nodes only. */
    private static final int VERSION_WITHOUT_TIMES = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(OpcUaSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public OpcUaSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        return read(new DataInputDeserializer(serialized), version);
    }

    static void write(OpcUaSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.splitId());
        byte[] endpoint = InstantiationUtil.serializeObject(split.endpoint());
        out.writeInt(endpoint.length);
        out.write(endpoint);
        out.writeInt(split.nodeIds().size());
        for (String node : split.nodeIds()) {
            out.writeUTF(node);
        }
        out.writeInt(split.lastEmitted().size());
        for (Map.Entry<String, Instant> e : split.lastEmitted().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue().getEpochSecond());
            out.writeInt(e.getValue().getNano());
        }
    }

    static OpcUaSplit read(DataInputView in, int version) throws IOException {
        String id = in.readUTF();
        OpcUaEndpoint endpoint = readEndpoint(in);
        int n = in.readInt();
        List<String> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(in.readUTF());
        }
        Map<String, Instant> lastEmitted = new HashMap<>();
        if (version > VERSION_WITHOUT_TIMES) {
            int times = in.readInt();
            for (int i = 0; i < times; i++) {
                lastEmitted.put(in.readUTF(), Instant.ofEpochSecond(in.readLong(), in.readInt()));
            }
        }
        return new OpcUaSplit(id, endpoint, nodes, lastEmitted);
    }

    private static OpcUaEndpoint readEndpoint(DataInputView in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        try {
            return InstantiationUtil.deserializeObject(bytes, OpcUaSplitSerializer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read the OPC UA endpoint of a split: " + e.getMessage(), e);
        }
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION && version != VERSION_WITHOUT_TIMES) {
            throw new IOException("unknown OPC UA split serializer version " + version + " (this build reads "
                    + VERSION_WITHOUT_TIMES + " and " + VERSION + ")");
        }
    }

    /** The serializer of the enumerator's checkpoint: the splits not yet assigned to a reader. */
    public static final class PendingSplits implements SimpleVersionedSerializer<List<OpcUaSplit>> {

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<OpcUaSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(1024);
            out.writeInt(splits.size());
            for (OpcUaSplit s : splits) {
                write(s, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<OpcUaSplit> deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int n = in.readInt();
            List<OpcUaSplit> splits = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                splits.add(read(in, version));
            }
            return splits;
        }
    }
}
