package dev.plantctl.connectors.opcua.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Objects;

/**
 * What the setpoint writer checkpoints: the highest watermark it has seen, and its write policy gate's memory (the
 * values it wrote lately), so that a restored writer judges expiries and rates of change as the failed one did.
 *
 * @param watermark the highest watermark, {@code Long.MIN_VALUE} for none
 * @param gate      the gate's state ({@code SetpointGate#state()}), empty for none
 */
public record SetpointWriterState(long watermark, byte[] gate) {

    /** A writer's state before its first write. */
    public static final SetpointWriterState EMPTY = new SetpointWriterState(Long.MIN_VALUE, new byte[0]);

    public SetpointWriterState {
        Objects.requireNonNull(gate, "gate");
    }

    /**
     * The state of a writer restored from several (after a change of parallelism): the highest watermark, and the
     * gate memory of the first that has one (a decision's unit is written by one writer).
     */
    public static SetpointWriterState merge(Collection<SetpointWriterState> states) {
        long watermark = states.stream().mapToLong(SetpointWriterState::watermark).max().orElse(Long.MIN_VALUE);
        byte[] gate = states.stream().map(SetpointWriterState::gate).filter(g -> g.length > 0).findFirst()
                .orElse(new byte[0]);
        return new SetpointWriterState(watermark, gate);
    }

    /** Serialises the state; version 1 was the watermark alone (8 bytes) and is still read. */
    public static final class Serializer implements org.apache.flink.core.io.SimpleVersionedSerializer<SetpointWriterState> {

        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(SetpointWriterState state) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeLong(state.watermark());
                out.writeInt(state.gate().length);
                out.write(state.gate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public SetpointWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version == 1 && serialized.length == Long.BYTES) {
                return new SetpointWriterState(new DataInputStream(new ByteArrayInputStream(serialized)).readLong(),
                        new byte[0]);
            }
            if (version != 2) {
                throw new IOException("OpcUaSetpointSink: unknown writer state (version " + version + ", "
                        + serialized.length + " bytes)");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                long watermark = in.readLong();
                int n = in.readInt();
                if (n < 0 || n > serialized.length) {
                    throw new IOException("OpcUaSetpointSink: corrupt writer state (gate of " + n + " bytes)");
                }
                return new SetpointWriterState(watermark, in.readNBytes(n));
            }
        }
    }
}
