package dev.plantctl.connectors;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

import java.util.concurrent.atomic.AtomicBoolean;

/** Passes elements through and fails its task once, on the first element after a completed checkpoint. */
public final class FailOnceAfterCheckpoint<T> extends RichMapFunction<T, T> implements CheckpointListener {

    /** Whether the failure happened; the MiniCluster runs in the test's JVM. Reset it before each job. */
    public static final AtomicBoolean FAILED = new AtomicBoolean();

    private volatile boolean checkpointed;

    @Override
    public T map(T element) {
        if (checkpointed && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after a completed checkpoint");
        }
        return element;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointed = true;
    }
}
