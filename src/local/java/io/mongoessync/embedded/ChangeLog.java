package io.mongoessync.embedded;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

/**
 * The stand-in's oplog: every write as a change event on one cluster clock, in the shape a MongoDB
 * change stream reports (insert, update, replace, delete, drop with {@code ns} and a
 * {@code documentKey} of {@code {_id}}).
 *
 * <p>A timestamp is taken and its event stored under one lock, and readers take their batch and
 * their resume point under the same lock, so a reader can never see a later event before an
 * earlier one, nor report a resume point past an event it has not read.
 */
final class ChangeLog implements Oplog {

    static final class Event {
        final String operationType;
        final String database;
        final String collection;
        final Object id;
        final Document document;
        final Document update;
        /** For a rename, the new namespace. */
        final String to;

        Event(String operationType, String namespace, Object id, Document document, Document update) {
            this(operationType, namespace, id, document, update, null);
        }

        /** A namespace without a dot is a database, as for dropDatabase. */
        Event(String operationType, String namespace, Object id, Document document, Document update, String to) {
            int dot = namespace.indexOf('.');
            this.operationType = operationType;
            this.database = dot < 0 ? namespace : namespace.substring(0, dot);
            this.collection = dot < 0 ? null : namespace.substring(dot + 1);
            this.to = to;
            this.id = id;
            this.document = document;
            this.update = update;
        }
    }

    /** What one read of the log returns: the events after a position, and where to resume. */
    static final class Batch {
        final List<Map.Entry<Long, Event>> events;
        final long resumePoint;

        Batch(List<Map.Entry<Long, Event>> events, long resumePoint) {
            this.events = events;
            this.resumePoint = resumePoint;
        }
    }

    private final Clock clock;
    private final NavigableMap<Long, Event> events = new ConcurrentSkipListMap<>();
    private final int capacity;
    private volatile boolean recording = true;
    private int seconds;
    private int increment;
    /** Oldest position still answerable; anything before it fell off the log. */
    private long horizon;

    private final ThreadLocal<Boolean> holdingInserts = new ThreadLocal<>();

    /** Told the namespace (or, for a dropped database, the database) of every write, recorded or not. */
    private final Consumer<String> written;

    ChangeLog(Clock clock, int capacity, Consumer<String> written) {
        this.clock = clock;
        this.written = written;
        this.capacity = capacity;
        this.seconds = (int) clock.instant().getEpochSecond();
        this.horizon = timestamp(seconds, 0);
    }

    void setRecording(boolean recording) {
        this.recording = recording;
    }

    synchronized long clusterTime() {
        return timestamp(seconds, increment);
    }

    synchronized long horizon() {
        return horizon;
    }

    synchronized Batch read(long after, int limit) {
        List<Map.Entry<Long, Event>> batch = new ArrayList<>();
        for (Map.Entry<Long, Event> entry : events.tailMap(after, false).entrySet()) {
            if (limit > 0 && batch.size() >= limit) {
                break;
            }
            batch.add(entry);
        }
        long resumePoint = batch.isEmpty() ? Math.max(after, clusterTime()) : batch.get(batch.size() - 1).getKey();
        return new Batch(batch, resumePoint);
    }

    /** Each change event of one document still in the log, as "operation at seconds:increment", oldest first. */
    synchronized List<String> historyOf(String namespace, Object id) {
        List<String> history = new ArrayList<>();
        events.forEach((time, event) -> {
            boolean ofNamespace = namespace.equals(event.database + "." + event.collection) || namespace.equals(event.database + ".");
            if (ofNamespace && (event.id == null || event.id.equals(id))) {
                history.add(event.operationType + " at " + (time >>> 32) + ":" + (time & 0xFFFFFFFFL));
            }
        });
        return history;
    }

    /** Drops every event and moves the horizon to now, as if the oplog had rolled over. */
    synchronized void truncate() {
        events.clear();
        horizon = clusterTime();
    }

    private synchronized void append(Event event) {
        if (!recording) {
            return;
        }
        int now = (int) clock.instant().getEpochSecond();
        if (now > seconds) {
            seconds = now;
            increment = 0;
        }
        increment++;
        events.put(timestamp(seconds, increment), event);
        while (events.size() > capacity) {
            horizon = events.pollFirstEntry().getKey();
        }
    }

    static long timestamp(int seconds, int increment) {
        return ((long) seconds << 32) | (increment & 0xFFFFFFFFL);
    }

    /**
     * Runs a write whose inserts the caller logs itself: the backend's insert command reports every
     * document it was sent, the refused ones too.
     */
    <T> T withoutInsertEvents(java.util.function.Supplier<T> write) {
        holdingInserts.set(Boolean.TRUE);
        try {
            return write.get();
        } finally {
            holdingInserts.remove();
        }
    }

    @Override
    public void handleInsert(String namespace, List<Document> documents) {
        if (holdingInserts.get() != null) {
            return;
        }
        written.accept(namespace);
        for (Document document : documents) {
            append(new Event("insert", namespace, document.get("_id"), document.cloneDeeply(), null));
        }
    }

    @Override
    public void handleUpdate(String namespace, Document selector, Document update, List<Object> modifiedIds) {
        written.accept(namespace);
        boolean replacement = update.keySet().stream().noneMatch(key -> key.startsWith("$"));
        for (Object id : modifiedIds) {
            if (replacement) {
                Document document = new Document("_id", id);
                update.forEach((key, value) -> {
                    if (!key.equals("_id")) {
                        document.put(key, value);
                    }
                });
                append(new Event("replace", namespace, id, document.cloneDeeply(), null));
            } else {
                append(new Event("update", namespace, id, null, update.cloneDeeply()));
            }
        }
    }

    @Override
    public void handleDelete(String namespace, Document query, List<Object> deletedIds) {
        written.accept(namespace);
        for (Object id : deletedIds) {
            append(new Event("delete", namespace, id, null, null));
        }
    }

    /** MongoDB reports a rename as one event on the old namespace, naming the new one. */
    void handleRename(String from, String to) {
        written.accept(from);
        written.accept(to);
        append(new Event("rename", from, null, null, null, to));
    }

    void handleDropDatabase(String database) {
        written.accept(database);
        append(new Event("dropDatabase", database, null, null, null, null));
    }

    @Override
    public void handleDropCollection(String namespace) {
        written.accept(namespace);
        append(new Event("drop", namespace, null, null, null));
    }

    @Override
    public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation aggregation) {
        throw new UnsupportedOperationException("Change streams are served by ChangeStreams, not the oplog");
    }

}
