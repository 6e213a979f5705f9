package dev.plantctl.connectors.opcua.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * What the setpoint writer checkpoints: the highest watermark it has seen, so that a restored writer judges expiries
 * as the failed one did.
 *
 * <p>The write policy gate's memory is deliberately not in it. After a restore the decision operator decides the
 * replayed steps again from its own checkpointed state, which may differ from what the failed writer last wrote (a
 * replayed observation need not equal the first one); a gate that remembered the failed writer's values refused the
 * restored operator's honest ramps and stalled a lockstep plant. The operator's own gate, in keyed state consistent
 * with its decisions, judges rates across restores; the sink's gate starts afresh, as at a fresh start.
 *
 * @param watermark the highest watermark, {@code Long.MIN_VALUE} for none
 */
public record SetpointWriterState(long watermark) {

    /** A writer's state before its first write. */
    public static final SetpointWriterState EMPTY = new SetpointWriterState(Long.MIN_VALUE);

    /** The state of a writer restored from several (after a change of parallelism): the highest watermark. */
    public static SetpointWriterState merge(Collection<SetpointWriterState> states) {
        return new SetpointWriterState(states.stream().mapToLong(SetpointWriterState::watermark).max()
                .orElse(Long.MIN_VALUE));
    }

    /** Serialises the state: the watermark as 8 bytes (version 1, as before the write policy). */
    public static final class Serializer implements org.apache.flink.core.io.SimpleVersionedSerializer<SetpointWriterState> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(SetpointWriterState state) {
            return ByteBuffer.allocate(Long.BYTES).putLong(state.watermark()).array();
        }

        @Override
        public SetpointWriterState deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1 || serialized.length != Long.BYTES) {
                throw new IOException("OpcUaSetpointSink: unknown writer state (version " + version + ", "
                        + serialized.length + " bytes)");
            }
            return new SetpointWriterState(ByteBuffer.wrap(serialized).getLong());
        }
    }
}
