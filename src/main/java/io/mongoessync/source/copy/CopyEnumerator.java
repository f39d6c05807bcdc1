package io.mongoessync.source.copy;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Hands each collection to the next reader that asks; a reader that fails gives its splits back. */
final class CopyEnumerator implements SplitEnumerator<CopySplit, List<CopySplit>> {

    private final SplitEnumeratorContext<CopySplit> context;
    private final ArrayDeque<CopySplit> pending;

    CopyEnumerator(SplitEnumeratorContext<CopySplit> context, Collection<CopySplit> pending) {
        this.context = context;
        this.pending = new ArrayDeque<>(pending);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        CopySplit next = pending.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtask);
        } else {
            context.assignSplit(next, subtask);
        }
    }

    @Override
    public void addSplitsBack(List<CopySplit> splits, int subtask) {
        splits.forEach(pending::addFirst);
    }

    @Override
    public void addReader(int subtask) {
        // Readers ask for splits themselves when they start.
    }

    @Override
    public List<CopySplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {}
}
