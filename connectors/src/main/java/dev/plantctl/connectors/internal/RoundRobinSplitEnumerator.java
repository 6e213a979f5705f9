package dev.plantctl.connectors.internal;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hands a fixed set of splits with numeric ids to the readers: split {@code i} goes to reader
 * {@code i mod parallelism} when that reader registers, and a split a failed reader gives back goes to it again
 * when it comes back. Its checkpoint is the list of splits not yet assigned.
 *
 * @param <S> the split type; its {@link SourceSplit#splitId()} is a decimal number
 */
public final class RoundRobinSplitEnumerator<S extends SourceSplit> implements SplitEnumerator<S, List<S>> {

    private final SplitEnumeratorContext<S> context;
    private final List<S> pending;
    private final boolean bounded;

    /**
     * @param pending the splits to assign
     * @param bounded when true each reader is told that no more splits come once it had its share
     */
    public RoundRobinSplitEnumerator(SplitEnumeratorContext<S> context, List<S> pending, boolean bounded) {
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
    public void addSplitsBack(List<S> splits, int subtaskId) {
        pending.addAll(splits);
    }

    @Override
    public void addReader(int subtaskId) {
        int parallelism = context.currentParallelism();
        Iterator<S> it = pending.iterator();
        while (it.hasNext()) {
            S split = it.next();
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
    public List<S> snapshotState(long checkpointId) {
        return List.copyOf(pending);
    }

    @Override
    public void close() {
    }
}
