package dev.plantctl.connectors.mqtt.internal;

import dev.plantctl.connectors.mqtt.MqttSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Writes MQTT splits and the enumerator's list of unassigned splits into checkpoints. */
public final class MqttSplitSerializer implements SimpleVersionedSerializer<MqttSplit> {

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(split.splitId());
        out.writeUTF(split.clientId());
        return out.getCopyOfBuffer();
    }

    @Override
    public MqttSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        return new MqttSplit(in.readUTF(), in.readUTF());
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown MQTT split serializer version " + version + " (this build reads " + VERSION
                    + ")");
        }
    }

    /** The serializer of the enumerator's checkpoint: the splits not yet assigned to a reader. */
    public static final class PendingSplits implements SimpleVersionedSerializer<List<MqttSplit>> {

        private final MqttSplitSerializer splits = new MqttSplitSerializer();

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<MqttSplit> pending) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeInt(pending.size());
            for (MqttSplit s : pending) {
                byte[] bytes = splits.serialize(s);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<MqttSplit> deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int n = in.readInt();
            List<MqttSplit> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                result.add(splits.deserialize(version, bytes));
            }
            return result;
        }
    }
}
