package dev.plantctl.connectors;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes elements through and fails its task once, on the first element after a completed checkpoint; built with
 * {@link #afterACheckpointWithData()}, only after a completed checkpoint that came after at least one element, so the
 * job restores state that holds data, not the empty state of its first instants.
 */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T>
        implements CheckpointListener, CheckpointedFunction {

    /** Whether the failure happened; the MiniCluster runs in the test's JVM. Reset it before each job. */
    public static final AtomicBoolean FAILED = new AtomicBoolean();
    /**
     * Whether a completed checkpoint has armed the failure, so that the next element fails the task; reset it with
     * {@link #FAILED}.
     */
    public static final AtomicBoolean ARMED = new AtomicBoolean();

    private final boolean needsData;
    private volatile boolean sawElement;
    private volatile long firstCheckpointAfterAnElement = Long.MAX_VALUE;
    private volatile boolean checkpointed;

    /** Fails after the first completed checkpoint. */
    public FailOnceAfterCheckpoint() {
        this(false);
    }

    private FailOnceAfterCheckpoint(boolean needsData) {
        this.needsData = needsData;
    }

    /** Fails after the first completed checkpoint taken after an element passed. */
    public static <T> FailOnceAfterCheckpoint<T> afterACheckpointWithData() {
        return new FailOnceAfterCheckpoint<>(true);
    }

    @Override
    public T map(T element) {
        sawElement = true;
        if (checkpointed && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        return element;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (sawElement && firstCheckpointAfterAnElement == Long.MAX_VALUE) {
            firstCheckpointAfterAnElement = context.getCheckpointId();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (!needsData || checkpointId >= firstCheckpointAfterAnElement) {
            checkpointed = true;
            ARMED.set(true);
        }
    }
}
