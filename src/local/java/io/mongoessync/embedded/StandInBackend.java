package io.mongoessync.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * mongo-java-server's in-memory backend, filled in where Flink CDC's MongoDB source needs more than
 * it offers: cluster time in {@code isMaster}, change streams shaped like MongoDB's (see
 * {@link ChangeStreams}), {@code splitVector}, {@code find} honouring {@code min}/{@code max}, and
 * the reads MongoDB answers from its {@code _id} index ({@link IdRangeReads}).
 * Only public and protected API of the library is used.
 */
final class StandInBackend extends MemoryBackend {

    static final String REPLICA_SET = "standin0";

    private final ChangeLog changeLog;
    private final IdOrder idOrder = new IdOrder();
    private final ChangeStreams changeStreams;
    private final IdRangeReads idRangeReads = new IdRangeReads(idOrder, getCursorRegistry());

    StandInBackend(int changeLogCapacity) {
        this.changeLog = new ChangeLog(getClock(), changeLogCapacity, idOrder::changed);
        this.changeStreams = new ChangeStreams(this, changeLog);
        enableOplog();
        version(CURRENT);
    }

    ChangeStreams changeStreams() {
        return changeStreams;
    }

    ChangeLog changeLog() {
        return changeLog;
    }

    @Override
    protected Oplog createOplog() {
        return changeLog;
    }

    /**
     * Reported as MongoDB 7.0 (wire version 21), so that today's drivers and mongosh 2.x connect:
     * they refuse a server below wire version 9 (MongoDB 4.4), which the backend's own 5.0 at most
     * would still pass but 3.6 by default does not.
     */
    static final de.bwaldvogel.mongo.MongoVersion CURRENT = new de.bwaldvogel.mongo.MongoVersion() {
        @Override
        public List<Integer> getVersionArray() {
            return List.of(7, 0, 0);
        }

        @Override
        public int getWireVersion() {
            return 21;
        }
    };

    /**
     * Drops and renames exclude writes, as MongoDB's collection locks do. Without this, an insert
     * that had resolved the collection before a drop went into the dropped one: its change event
     * came after the drop's, for a document MongoDB no longer had.
     */
    private final java.util.concurrent.locks.ReadWriteLock ddl = new java.util.concurrent.locks.ReentrantReadWriteLock();
    /**
     * One writer at a time per collection, from applying a write to logging it, as MongoDB's
     * document locks order a document's oplog entries as its writes applied. The backend logs an
     * insert outside its collection's monitor, so an insert applied before a concurrent delete
     * could be logged after it.
     */
    private final java.util.Map<String, java.util.concurrent.locks.Lock> collectionWrites = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Set<String> DDL = java.util.Set.of("drop", "dropDatabase", "renameCollection");
    private static final java.util.Set<String> WRITES = java.util.Set.of("insert", "update", "delete", "findAndModify");

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        java.util.concurrent.locks.Lock lock = DDL.contains(command) ? ddl.writeLock() : WRITES.contains(command) ? ddl.readLock() : null;
        java.util.concurrent.locks.Lock collection = WRITES.contains(command)
                ? collectionWrites.computeIfAbsent(database + "." + query.get(command), ignored -> new java.util.concurrent.locks.ReentrantLock())
                : null;
        if (lock != null) {
            lock.lock();
        }
        if (collection != null) {
            collection.lock();
        }
        try {
            return handle(channel, database, command, query);
        } catch (de.bwaldvogel.mongo.exception.NoSuchCommandException e) {
            // Probes of mongosh and Compass (atlasVersion, getLog, ...): refused as MongoDB refuses an
            // unknown command, as an answer, since the server logs a stack trace for anything thrown.
            return new Document("ok", 0.0).append("errmsg", e.getMessageWithoutErrorCode()).append("code", 59)
                    .append("codeName", "CommandNotFound");
        } catch (de.bwaldvogel.mongo.exception.MongoServerException e) {
            if (command.equals("drop") && "ns not found".equals(e.getMessageWithoutErrorCode())) {
                // MongoDB 7 drops a collection that does not exist without complaint.
                return new Document("ok", 1.0);
            }
            throw e;
        } finally {
            if (collection != null) {
                collection.unlock();
            }
            if (lock != null) {
                lock.unlock();
            }
        }
    }

    private Document handle(Channel channel, String database, String command, Document query) {
        if (command.equalsIgnoreCase("ismaster") || command.equalsIgnoreCase("hello")) {
            Document reply = super.handleCommand(channel, database, "ismaster", query);
            BsonTimestamp now = new BsonTimestamp(changeLog.clusterTime());
            reply.put("$clusterTime", new Document("clusterTime", now)
                    .append("signature", new Document("hash", new BinData(new byte[20])).append("keyId", 0L)));
            reply.put("operationTime", now);
            // A one-member replica set, as change streams require; the driver connects directly to one host.
            reply.put("setName", REPLICA_SET);
            reply.put("hosts", java.util.List.of(me(channel)));
            reply.put("me", me(channel));
            reply.put("secondary", Boolean.FALSE);
            return reply;
        }
        if (command.equals("aggregate") && ChangeStreams.isChangeStream(query)) {
            return changeStreams.open(getCursorRegistry().generateCursorId(), database, query);
        }
        if (command.equals("aggregate") && database.equals("admin")) {
            // mongosh asks admin collections whether it runs on Atlas; there are none here.
            return new Document("cursor", new Document("id", 0L).append("ns", "admin." + query.get("aggregate"))
                    .append("firstBatch", List.of())).append("ok", 1.0);
        }
        if (command.equals("getParameter") && query.containsKey("featureCompatibilityVersion")) {
            return new Document("featureCompatibilityVersion", new Document("version", CURRENT.toVersionString().substring(0, 3)))
                    .append("ok", 1.0);
        }
        if (command.equals("getMore") && changeStreams.owns(((Number) query.get("getMore")).longValue())) {
            return changeStreams.getMore(((Number) query.get("getMore")).longValue(), database, query);
        }
        if (command.equals("killCursors")) {
            List<?> ids = (List<?>) query.get("cursors");
            List<Object> theirs = new ArrayList<>();
            for (Object id : ids) {
                if (changeStreams.owns(((Number) id).longValue())) {
                    changeStreams.kill(((Number) id).longValue());
                } else {
                    theirs.add(id);
                }
            }
            query.put("cursors", theirs);
        }
        if (command.equals("renameCollection")) {
            Document reply = super.handleCommand(channel, database, command, query);
            changeLog.handleRename((String) query.get("renameCollection"), (String) query.get("to"));
            return reply;
        }
        if (command.equalsIgnoreCase("dropDatabase")) {
            Document reply = super.handleCommand(channel, database, command, query);
            changeLog.handleDropDatabase(database);
            return reply;
        }
        if (command.equals("insert")) {
            return insert(channel, database, query);
        }
        if (command.equals("findAndModify")) {
            return findAndModify(channel, database, query);
        }
        if (command.equals("splitVector")) {
            return splitVector(query);
        }
        if (command.equals("find") || command.equals("aggregate") && query.get("aggregate") instanceof String) {
            MongoCollection<?> collection = resolveDatabase(database).resolveCollection((String) query.get(command), false);
            String namespace = database + "." + query.get(command);
            Document reply = collection == null ? null
                    : command.equals("find") ? idRangeReads.find(namespace, collection, query) : idRangeReads.aggregate(namespace, collection, query);
            if (reply != null) {
                return reply;
            }
        }
        if (command.equals("find") && (query.containsKey("min") || query.containsKey("max"))) {
            return super.handleCommand(channel, database, command, withRange(query));
        }
        return super.handleCommand(channel, database, command, query);
    }

    /**
     * insert as the backend runs it, with change events for what it inserted: not a document
     * refused (a duplicate key), nor those an ordered insert never reached after one.
     */
    @SuppressWarnings("unchecked")
    private Document insert(Channel channel, String database, Document query) {
        List<Document> documents = (List<Document>) query.get("documents");
        Document reply = changeLog.withoutInsertEvents(() -> super.handleCommand(channel, database, "insert", query));
        Set<Integer> refused = new java.util.HashSet<>();
        int end = documents.size();
        for (Document error : (List<Document>) reply.getOrDefault("writeErrors", List.of())) {
            int index = ((Number) error.get("index")).intValue();
            refused.add(index);
            if (!Boolean.FALSE.equals(query.get("ordered"))) {
                end = Math.min(end, index);
            }
        }
        List<Document> inserted = new ArrayList<>();
        for (int i = 0; i < end; i++) {
            if (!refused.contains(i)) {
                inserted.add(documents.get(i));
            }
        }
        if (!inserted.isEmpty()) {
            changeLog.handleInsert(database + "." + query.get("insert"), inserted);
        }
        reply.put("n", inserted.size());
        return reply;
    }

    /**
     * findAndModify as the backend runs it, plus the change event MongoDB logs for it: the backend
     * writes without telling its oplog.
     */
    private Document findAndModify(Channel channel, String database, Document query) {
        Document reply = super.handleCommand(channel, database, "findAndModify", query);
        String collection = (String) query.get("findAndModify");
        String namespace = database + "." + collection;
        Object value = reply.get("value");
        Object id = value instanceof Document ? ((Document) value).get("_id") : null;
        if (value == null && Boolean.TRUE.equals(query.get("upsert")) && !Boolean.TRUE.equals(query.get("remove"))) {
            // Nothing matched, so the upsert inserted what now matches (the backend's reply names no id).
            List<?> created = (List<?>) ((Document) super.handleCommand(channel, database, "find",
                    new Document("find", collection).append("filter", query.getOrDefault("query", new Document())).append("limit", 1))
                    .get("cursor")).get("firstBatch");
            if (!created.isEmpty()) {
                changeLog.handleInsert(namespace, List.of((Document) created.get(0)));
            }
        } else if (id != null && Boolean.TRUE.equals(query.get("remove"))) {
            changeLog.handleDelete(namespace, (Document) query.get("query"), List.of(id));
        } else if (id != null && query.get("update") instanceof Document) {
            changeLog.handleUpdate(namespace, (Document) query.get("query"), (Document) query.get("update"), List.of(id));
        }
        return reply;
    }

    private static String me(Channel channel) {
        java.net.InetSocketAddress local = (java.net.InetSocketAddress) channel.localAddress();
        return "127.0.0.1:" + local.getPort();
    }

    /** {@code min} (inclusive) and {@code max} (exclusive) on {@code _id}, as a filter and sort. */
    private static Document withRange(Document query) {
        Document find = query.clone();
        Object min = find.containsKey("min") ? ((Document) find.remove("min")).get("_id") : MinKey.getInstance();
        Object max = find.containsKey("max") ? ((Document) find.remove("max")).get("_id") : MaxKey.getInstance();
        find.remove("hint");
        List<Document> conditions = new ArrayList<>();
        Object filter = find.get("filter");
        if (filter instanceof Document && !((Document) filter).isEmpty()) {
            conditions.add((Document) filter);
        }
        if (!(min instanceof MinKey)) {
            conditions.add(new Document("_id", new Document("$gte", min)));
        }
        if (!(max instanceof MaxKey)) {
            conditions.add(new Document("_id", new Document("$lt", max)));
        }
        find.put("filter", conditions.isEmpty() ? new Document() : new Document("$and", conditions));
        find.put("sort", new Document("_id", 1));
        return find;
    }

    private Document splitVector(Document query) {
        String namespace = (String) query.get("splitVector");
        int dot = namespace.indexOf('.');
        long maxChunkBytes = ((Number) query.getOrDefault("maxChunkSize", 64)).longValue() * 1024 * 1024;
        MongoCollection<?> collection = resolveDatabase(namespace.substring(0, dot))
                .resolveCollection(namespace.substring(dot + 1), false);
        List<Document> splitKeys = new ArrayList<>();
        if (collection != null) {
            idOrder.splitKeys(namespace, collection, maxChunkBytes).forEach(id -> splitKeys.add(new Document("_id", id)));
        }
        return new Document("timeMillis", 0).append("splitKeys", splitKeys).append("ok", 1.0);
    }

}
