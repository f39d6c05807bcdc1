package io.mongoessync.source.stream;

import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.base.source.reader.external.FetchTask;
import org.apache.flink.cdc.connectors.mongodb.source.dialect.MongoDBDialect;
import org.apache.flink.cdc.connectors.mongodb.source.offset.ChangeStreamOffset;

/**
 * Flink CDC's MongoDB dialect, whose unbounded stream split is read by {@link RawChangeStreamFetchTask}.
 * Snapshot splits and their bounded backfill, which only a job restored from a savepoint of an older
 * release still has, keep Flink CDC's tasks.
 */
final class RawStreamDialect extends MongoDBDialect {

    private static final long serialVersionUID = 1L;

    @Override
    public FetchTask<SourceSplitBase> createFetchTask(SourceSplitBase split) {
        if (split.isStreamSplit() && isUnbounded(split.asStreamSplit())) {
            return new RawChangeStreamFetchTask(split.asStreamSplit());
        }
        return super.createFetchTask(split);
    }

    private static boolean isUnbounded(StreamSplit split) {
        return ChangeStreamOffset.NO_STOPPING_OFFSET.equals(split.getEndingOffset());
    }
}
