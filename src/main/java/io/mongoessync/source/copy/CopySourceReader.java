package io.mongoessync.source.copy;

import io.mongoessync.source.ChangeEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import java.util.Map;

/** Asks for one collection at a time; each document it emits moves its split's position on. */
final class CopySourceReader
        extends SingleThreadMultiplexSourceReaderBase<CopiedDocument, ChangeEvent, CopySplit, CopySplit.Progress> {

    CopySourceReader(String mongoUrl, int batchSize, SourceReaderContext context) {
        super(() -> new CopySplitReader(mongoUrl, batchSize), (document, output, progress) -> {
            progress.lastId = document.id;
            output.collect(document.event);
        }, new Configuration(), context);
    }

    @Override
    public void start() {
        if (getNumberOfCurrentlyAssignedSplits() == 0) {
            context.sendSplitRequest();
        }
    }

    @Override
    protected void onSplitFinished(Map<String, CopySplit.Progress> finished) {
        context.sendSplitRequest();
    }

    @Override
    protected CopySplit.Progress initializedState(CopySplit split) {
        return new CopySplit.Progress(split);
    }

    @Override
    protected CopySplit toSplitType(String splitId, CopySplit.Progress progress) {
        return progress.toSplit();
    }
}
