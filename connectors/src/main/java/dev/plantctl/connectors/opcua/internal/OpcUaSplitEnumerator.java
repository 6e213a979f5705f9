package dev.plantctl.connectors.opcua.internal;

import dev.plantctl.connectors.opcua.OpcUaSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Assigns the fixed set of splits (numbered 0, 1, ...) to readers: split i goes to reader i mod parallelism, so the assignment is
 * the same after every restart. Splits handed back by a failed reader wait for it to register again.
 */
public final class OpcUaSplitEnumerator implements SplitEnumerator<OpcUaSplit, List<OpcUaSplit>> {

    private final SplitEnumeratorContext<OpcUaSplit> context;
    private final List<OpcUaSplit> pending;
    private final boolean bounded;

    public OpcUaSplitEnumerator(SplitEnumeratorContext<OpcUaSplit> context, List<OpcUaSplit> pending,
                                boolean bounded) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
        this.bounded = bounded;
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
    }

    @Override
    public void addSplitsBack(List<OpcUaSplit> splits, int subtaskId) {
        pending.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        Iterator<OpcUaSplit> it = pending.iterator();
        while (it.hasNext()) {
            OpcUaSplit split = it.next();
            if (Math.floorMod(Integer.parseInt(split.splitId()), parallelism) == subtaskId) {
                context.assignSplit(split, subtaskId);
                it.remove();
            }
        }
        if (bounded) {
            context.signalNoMoreSplits(subtaskId);
        }
    }

    @Override
    public List<OpcUaSplit> snapshotState(long checkpointId) {
        return List.copyOf(pending);
    }

    @Override
    public void close() {
    }
}
