package io.mongoessync.source;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import io.mongoessync.convert.ClusterTimes;
import org.bson.BsonDocument;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Follows drops, renames and dropped databases through the official driver, since the CDC
 * connector ignores them. One cursor (a database's, or the cluster's when the job spans several
 * databases), read by one task, its resume token checkpointed so a restore neither misses nor
 * invents a drop.
 *
 * <p>A legacy {@code SourceFunction}: a single unsplittable cursor gains nothing from the split
 * and enumerator machinery of the new source API.
 */
public class DropWatcher extends RichSourceFunction<DdlEvent> implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DropWatcher.class);
    private static final DdlEvent TICK = new DdlEvent(DdlEvent.Operation.TICK, "", null, 0);

    private final String mongoUrl;
    private final Set<String> databases;
    private final long idlePauseMillis;
    /** The cluster time to start from when no token is restored, as a BSON timestamp's value; 0 for now. */
    private final long startAt;
    private transient ListState<String> tokenState;
    private transient volatile String token;
    private transient volatile boolean running;

    /**
     * @param idlePauseMillis how long to pause after a poll that found nothing. MongoDB holds an
     *     empty poll open for the await time, but a server that answers at once (the stand-in, some
     *     proxies) would otherwise be polled in a tight loop, taking a core from the copy.
     */
    public DropWatcher(String mongoUrl, Set<String> databases, long idlePauseMillis, long startAt) {
        this.mongoUrl = mongoUrl;
        this.databases = databases;
        this.idlePauseMillis = idlePauseMillis;
        this.startAt = startAt;
    }

    /**
     * Where a new job's watcher starts, so that it starts where the CDC source does: from
     * {@code change-stream-start-at} when given, else from MongoDB's cluster time as the job is
     * defined, before the source takes its own start. Starting from the task's "now" missed every
     * drop and rename between the two.
     *
     * @param streamStartMillis the job's stream start: null to copy first, 0 for now, else epoch millis
     */
    public static long startAt(String mongoUrl, Long streamStartMillis) {
        if (streamStartMillis != null && streamStartMillis > 0) {
            return ClusterTimes.of(streamStartMillis / 1000, 0);
        }
        try (MongoClient client = MongoClients.create(mongoUrl)) {
            // Just after the last operation MongoDB had applied: that one is older than the job.
            return ClusterClock.now(client) + 1;
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        tokenState = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("resume-token", Types.STRING));
        for (String saved : tokenState.get()) {
            token = saved;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        tokenState.update(token == null ? List.of() : List.of(token));
    }

    @Override
    public void run(SourceContext<DdlEvent> out) throws Exception {
        running = true;
        try (MongoClient client = MongoClients.create(mongoUrl)) {
            while (running) {
                follow(client, out);
            }
        } catch (RuntimeException e) {
            // A lost history fails the job for good with the way back, as for the CDC source.
            throw HistoryLost.translate(e);
        }
    }

    /** Reads one cursor until it is invalidated (a watched database was dropped) or the job stops. */
    private void follow(MongoClient client, SourceContext<DdlEvent> out) throws InterruptedException {
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor = open(client).cursor()) {
            while (running) {
                ChangeStreamDocument<Document> change = cursor.tryNext();
                synchronized (out.getCheckpointLock()) {
                    if (change != null) {
                        DdlEvent event = toEvent(change);
                        if (event != null) {
                            LOG.info("MongoDB reported {}", event);
                            out.collect(event);
                        }
                    }
                    BsonDocument resumeToken = change != null ? change.getResumeToken() : cursor.getResumeToken();
                    if (resumeToken != null) {
                        token = resumeToken.toJson();
                    }
                }
                if (change == null) {
                    synchronized (out.getCheckpointLock()) {
                        out.collect(TICK);
                    }
                    Thread.sleep(idlePauseMillis);
                } else if (change.getOperationType() == OperationType.INVALIDATE) {
                    return; // reopened after the invalidation, from its token
                }
            }
        }
    }

    private ChangeStreamIterable<Document> open(MongoClient client) {
        var match = List.of(Aggregates.match(Filters.or(
                Filters.eq("operationType", "invalidate"),
                Filters.and(Filters.in("operationType", "drop", "rename", "dropDatabase"), Filters.in("ns.db", databases)))));
        ChangeStreamIterable<Document> stream = databases.size() == 1
                ? client.getDatabase(databases.iterator().next()).watch(match)
                : client.watch(match);
        stream = stream.maxAwaitTime(1, java.util.concurrent.TimeUnit.SECONDS);
        if (token != null) {
            return stream.startAfter(BsonDocument.parse(token));
        }
        return startAt == 0 ? stream : stream.startAtOperationTime(ClusterTimes.toBson(startAt));
    }

    static DdlEvent toEvent(ChangeStreamDocument<Document> change) {
        long time = change.getClusterTime() == null ? 0 : ClusterTimes.of(change.getClusterTime());
        String db = change.getNamespace() != null ? change.getNamespace().getDatabaseName() : change.getDatabaseName();
        switch (change.getOperationType()) {
            case DROP:
                return new DdlEvent(DdlEvent.Operation.DROP, change.getNamespace().getFullName(), null, time);
            case RENAME:
                return new DdlEvent(DdlEvent.Operation.RENAME, change.getNamespace().getFullName(),
                        change.getDestinationNamespace().getFullName(), time);
            case DROP_DATABASE:
                return new DdlEvent(DdlEvent.Operation.DROP_DATABASE, db, null, time);
            default:
                return null;
        }
    }

    @Override
    public void cancel() {
        running = false;
    }
}
