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
import java.util.ArrayList;
import java.util.List;

/** Writes splits and the enumerator's list of pending splits into checkpoints. */
public final class OpcUaSplitSerializer implements SimpleVersionedSerializer<OpcUaSplit> {

    private static final int VERSION = 2;

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
        return read(new DataInputDeserializer(serialized));
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
    }

    static OpcUaSplit read(DataInputView in) throws IOException {
        String id = in.readUTF();
        OpcUaEndpoint endpoint = readEndpoint(in);
        int n = in.readInt();
        List<String> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            nodes.add(in.readUTF());
        }
        return new OpcUaSplit(id, endpoint, nodes);
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
        if (version != VERSION) {
            throw new IOException("unknown OPC UA split serializer version " + version + " (this build reads "
                    + VERSION + ")");
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
                splits.add(read(in));
            }
            return splits;
        }
    }
}
