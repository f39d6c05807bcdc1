package io.mongoessync.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change streams as MongoDB serves them to the Flink CDC connector: collection, database and
 * cluster-wide watches, {@code $match} stages, {@code startAfter}/{@code resumeAfter}/
 * {@code startAtOperationTime}, {@code fullDocument: updateLookup}, and a
 * {@code postBatchResumeToken} in every reply.
 */
final class ChangeStreams {

    private final AtomicLong polls = new AtomicLong();

    static final int HISTORY_LOST = 286;

    private final MongoBackend backend;
    private final ChangeLog log;
    private final Map<Long, StreamCursor> cursors = new ConcurrentHashMap<>();

    private static final class StreamCursor {
        final String database;
        final String collection;
        final List<Document> matches;
        final boolean lookup;
        volatile long position;

        StreamCursor(String database, String collection, List<Document> matches, boolean lookup, long position) {
            this.database = database;
            this.collection = collection;
            this.matches = matches;
            this.lookup = lookup;
            this.position = position;
        }
    }

    ChangeStreams(MongoBackend backend, ChangeLog log) {
        this.backend = backend;
        this.log = log;
    }

    static boolean isChangeStream(Document aggregate) {
        Object pipeline = aggregate.get("pipeline");
        return pipeline instanceof List && !((List<?>) pipeline).isEmpty()
                && ((List<?>) pipeline).get(0) instanceof Document
                && ((Document) ((List<?>) pipeline).get(0)).containsKey("$changeStream");
    }

    boolean owns(long cursorId) {
        return cursors.containsKey(cursorId);
    }

    Document open(long cursorId, String database, Document aggregate) {
        List<?> pipeline = (List<?>) aggregate.get("pipeline");
        Document options = (Document) ((Document) pipeline.get(0)).get("$changeStream");
        List<Document> matches = new ArrayList<>();
        for (Object stage : pipeline.subList(1, pipeline.size())) {
            Document document = (Document) stage;
            if (document.containsKey("$match")) {
                matches.add((Document) document.get("$match"));
            } else if (!document.containsKey("$addFields")) {
                // $addFields is only used by the connector to add _ns_, which every event gets anyway.
                throw new MongoServerError(40324, "Unsupported change stream stage in the stand-in: " + document.keySet());
            }
        }
        Object target = aggregate.get("aggregate");
        boolean cluster = Boolean.TRUE.equals(options.get("allChangesForCluster"));
        String collection = target instanceof String ? (String) target : null;
        StreamCursor cursor = new StreamCursor(cluster ? null : database, collection, matches,
                "updateLookup".equals(options.get("fullDocument")), startPosition(options));
        cursors.put(cursorId, cursor);
        int batchSize = batchSize((Document) aggregate.get("cursor"));
        return reply(cursorId, database, "firstBatch", cursor, batchSize);
    }

    long polls() {
        return polls.get();
    }

    Document getMore(long cursorId, String database, Document query) {
        polls.incrementAndGet();
        StreamCursor cursor = cursors.get(cursorId);
        return reply(cursorId, database, "nextBatch", cursor, batchSize(query));
    }

    void kill(long cursorId) {
        cursors.remove(cursorId);
    }

    private long startPosition(Document options) {
        long position;
        if (options.get("startAfter") instanceof Document) {
            position = decodeToken((Document) options.get("startAfter"));
        } else if (options.get("resumeAfter") instanceof Document) {
            position = decodeToken((Document) options.get("resumeAfter"));
        } else if (options.get("startAtOperationTime") instanceof BsonTimestamp) {
            position = ((BsonTimestamp) options.get("startAtOperationTime")).getValue() - 1;
        } else {
            return log.clusterTime();
        }
        if (position < log.horizon()) {
            throw new MongoServerError(HISTORY_LOST, "ChangeStreamHistoryLost",
                    "Resume of change stream was not possible, as the resume point may no longer be in the oplog.");
        }
        return position;
    }

    private Document reply(long cursorId, String database, String batchKey, StreamCursor cursor, int batchSize) {
        List<Document> batch = new ArrayList<>();
        long resumePoint = cursor.position;
        while (batchSize <= 0 || batch.size() < batchSize) {
            ChangeLog.Batch read = log.read(resumePoint, batchSize <= 0 ? 0 : batchSize - batch.size());
            resumePoint = read.resumePoint;
            for (Map.Entry<Long, ChangeLog.Event> entry : read.events) {
                Document event = toEvent(entry.getKey(), entry.getValue(), cursor);
                if (event != null) {
                    batch.add(event);
                }
            }
            if (read.events.isEmpty() || batchSize <= 0) {
                break;
            }
        }
        cursor.position = resumePoint;
        Document cursorDocument = new Document("id", cursorId)
                .append("ns", database + ".$cmd.aggregate")
                .append(batchKey, batch)
                .append("postBatchResumeToken", token(resumePoint));
        return new Document("cursor", cursorDocument)
                .append("operationTime", new BsonTimestamp(log.clusterTime()))
                .append("ok", 1.0);
    }

    private Document toEvent(long timestamp, ChangeLog.Event change, StreamCursor cursor) {
        if (cursor.database != null && !cursor.database.equals(change.database)) {
            return null;
        }
        if (cursor.collection != null && !cursor.collection.equals(change.collection)) {
            return null;
        }
        Document ns = new Document("db", change.database);
        if (change.collection != null) {
            ns.append("coll", change.collection);
        }
        Document event = new Document("_id", token(timestamp))
                .append("operationType", change.operationType)
                .append("clusterTime", new BsonTimestamp(timestamp))
                .append("ns", ns);
        if (change.to != null) {
            int dot = change.to.indexOf('.');
            event.append("to", new Document("db", change.to.substring(0, dot)).append("coll", change.to.substring(dot + 1)));
        }
        if (change.id != null) {
            event.append("documentKey", new Document("_id", change.id));
        }
        switch (change.operationType) {
            case "insert":
            case "replace":
                event.append("fullDocument", change.document);
                break;
            case "update":
                Document current = lookUp(change);
                event.append("updateDescription", updateDescription(change.update, current));
                if (cursor.lookup) {
                    event.append("fullDocument", current);
                }
                break;
            default:
                break;
        }
        if (!cursor.matches.isEmpty()) {
            Document matchable = event.clone();
            if (change.collection != null) {
                matchable.put("_ns_", change.database + "." + change.collection);
            }
            DefaultQueryMatcher matcher = new DefaultQueryMatcher();
            for (Document match : cursor.matches) {
                if (!matcher.matches(matchable, match)) {
                    return null;
                }
            }
        }
        return event;
    }

    private Document lookUp(ChangeLog.Event change) {
        MongoDatabase database = backend.resolveDatabase(change.database);
        MongoCollection<?> collection = database.resolveCollection(change.collection, false);
        if (collection == null) {
            return null;
        }
        for (Document document : collection.handleQuery(new Document("_id", change.id), 0, 1)) {
            return document.cloneDeeply();
        }
        return null;
    }

    /**
     * MongoDB reports each updated field's new value ($inc gives the sum, not the increment). The
     * stand-in takes the values from the document as it is when the event is read, which is the
     * same unless the document changed again in between.
     */
    private static Document updateDescription(Document update, Document current) {
        Document updated = new Document();
        List<String> removed = new ArrayList<>();
        update.forEach((operator, fields) -> {
            if (operator.equals("$unset")) {
                removed.addAll(((Document) fields).keySet());
            } else if (fields instanceof Document) {
                ((Document) fields).forEach((path, value) -> updated.put(path, current == null ? value : valueAt(current, path, value)));
            }
        });
        return new Document("updatedFields", updated).append("removedFields", removed);
    }

    private static Object valueAt(Document document, String path, Object fallback) {
        Object value = document;
        for (String name : path.split("\\.")) {
            if (!(value instanceof Document) || !((Document) value).containsKey(name)) {
                return fallback;
            }
            value = ((Document) value).get(name);
        }
        return value;
    }

    private static int batchSize(Document document) {
        Object size = document == null ? null : document.get("batchSize");
        return size instanceof Number ? ((Number) size).intValue() : 0;
    }

    /** MongoDB's keystring form: 0x82, then the timestamp's seconds and increment, big-endian hex. */
    static Document token(long timestamp) {
        return new Document("_data", String.format("82%016X", timestamp));
    }

    static long decodeToken(Document token) {
        String data = (String) token.get("_data");
        if (data == null || data.length() < 18 || !data.startsWith("82")) {
            throw new MongoServerError(280, "ChangeStreamFatalError", "Invalid resume token: " + token);
        }
        return Long.parseUnsignedLong(data.substring(2, 18), 16);
    }
}
