package io.mongoessync.source.stream;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.kafka.connect.source.heartbeat.HeartbeatManager;
import io.debezium.pipeline.DataChangeEvent;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitBase;
import org.apache.flink.cdc.connectors.base.source.meta.split.StreamSplit;
import org.apache.flink.cdc.connectors.base.source.reader.external.FetchTask;
import org.apache.flink.cdc.connectors.mongodb.internal.MongoDBEnvelope;
import org.apache.flink.cdc.connectors.mongodb.source.config.MongoDBSourceConfig;
import org.apache.flink.cdc.connectors.mongodb.source.offset.ChangeStreamOffset;
import org.apache.flink.cdc.connectors.mongodb.source.reader.fetch.MongoDBFetchTaskContext;
import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoRecordUtils;
import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoUtils;
import org.apache.kafka.common.utils.SystemTime;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Follows the change stream of an unbounded stream split as Flink CDC 3.1.1's stream task does
 * (resume token or start time from the split, heartbeats, the same offsets), but reads each event as
 * raw BSON and hands it on as {@link ChangeRecords}, without rendering it as JSON text.
 *
 * <p>Bounded reads (the backfill of Flink CDC's own snapshot splits) stay Flink CDC's task; see
 * {@link RawStreamDialect}.
 */
final class RawChangeStreamFetchTask implements FetchTask<SourceSplitBase> {

    private static final Logger LOG = LoggerFactory.getLogger(RawChangeStreamFetchTask.class);

    private final StreamSplit split;
    private final Time time = new SystemTime();
    private volatile boolean running;

    RawChangeStreamFetchTask(StreamSplit split) {
        this.split = split;
    }

    @Override
    public void execute(Context context) throws Exception {
        MongoDBFetchTaskContext task = (MongoDBFetchTaskContext) context;
        MongoDBSourceConfig config = task.getSourceConfig();
        MongoChangeStreamCursor<RawBsonDocument> cursor = open(task, false);
        HeartbeatManager heartbeats = heartbeats(config, cursor);
        long nextPoll = time.milliseconds() + config.getPollAwaitTimeMillis();
        running = true;
        try {
            while (running) {
                RawBsonDocument next;
                try {
                    next = cursor.tryNext();
                } catch (MongoCommandException e) {
                    if (!MongoUtils.checkIfChangeStreamCursorExpires(e)) {
                        throw e;
                    }
                    LOG.warn("The change stream's cursor expired; opening it again");
                    cursor.close();
                    cursor = open(task, MongoUtils.checkIfResumeTokenExpires(e));
                    heartbeats = heartbeats(config, cursor);
                    continue;
                }
                SourceRecord record;
                if (next != null) {
                    record = ChangeRecords.of(next, config.getScheme(), config.getHosts());
                } else {
                    long wait = nextPoll - time.milliseconds();
                    if (wait > 0) {
                        time.sleep(wait);
                        continue;
                    }
                    record = heartbeats == null ? null : heartbeats.heartbeat().map(RawChangeStreamFetchTask::heartbeat).orElse(null);
                    nextPoll = time.milliseconds() + config.getPollAwaitTimeMillis();
                }
                if (record != null) {
                    task.getQueue().enqueue(new DataChangeEvent(record));
                }
            }
        } finally {
            running = false;
            cursor.close();
        }
    }

    /**
     * The split's stream, from its resume token, or from its start time when it has none or the
     * token fell off the oplog ({@code atStartTime}); a start time gone too fails with
     * ChangeStreamHistoryLost, which the job reports instead of restarting.
     */
    @SuppressWarnings("unchecked")
    private MongoChangeStreamCursor<RawBsonDocument> open(MongoDBFetchTaskContext task, boolean atStartTime) {
        ChangeStreamOffset offset = new ChangeStreamOffset(split.getStartingOffset().getOffset());
        ChangeStreamIterable<Document> stream = MongoUtils.getChangeStreamIterable(task.getSourceConfig(), task.getChangeStreamDescriptor());
        BsonDocument resumeToken = offset.getResumeToken();
        if (resumeToken != null && !atStartTime) {
            LOG.info("Opening the change stream after {}", resumeToken);
            stream.startAfter(resumeToken);
        } else {
            BsonTimestamp start = offset.getTimestamp();
            LOG.info("Opening the change stream at {}", start);
            stream.startAtOperationTime(start);
        }
        try {
            return (MongoChangeStreamCursor<RawBsonDocument>) stream.withDocumentClass(RawBsonDocument.class).cursor();
        } catch (MongoCommandException e) {
            if (resumeToken != null && !atStartTime && MongoUtils.checkIfResumeTokenExpires(e)) {
                LOG.warn("The change stream's resume token is no longer valid ({}); opening it at its time instead", e.getErrorMessage());
                return open(task, true);
            }
            throw e;
        }
    }

    /** Heartbeats move the resume point while the watched collections are quiet; null when they are off. */
    private HeartbeatManager heartbeats(MongoDBSourceConfig config, MongoChangeStreamCursor<RawBsonDocument> cursor) {
        return config.getHeartbeatIntervalMillis() <= 0 ? null
                : new HeartbeatManager(time, cursor, config.getHeartbeatIntervalMillis(), MongoDBEnvelope.HEARTBEAT_TOPIC_NAME,
                        MongoRecordUtils.createHeartbeatPartitionMap(config.getScheme(), config.getHosts()));
    }

    /** A heartbeat as Flink CDC's record emitter reads it: the resume token in the offset, the time in the value. */
    private static SourceRecord heartbeat(SourceRecord record) {
        Struct value = new Struct(MongoDBEnvelope.HEARTBEAT_VALUE_SCHEMA).put(MongoDBEnvelope.TIMESTAMP_KEY_FIELD, System.currentTimeMillis());
        return new SourceRecord(record.sourcePartition(), record.sourceOffset(), record.topic(), record.keySchema(), record.key(),
                MongoDBEnvelope.HEARTBEAT_VALUE_SCHEMA, value);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public StreamSplit getSplit() {
        return split;
    }

    @Override
    public void close() {
        running = false;
    }
}
