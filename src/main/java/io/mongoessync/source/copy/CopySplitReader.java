package io.mongoessync.source.copy;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ClusterClock;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonMinKey;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Reads one collection at a time in {@code _id} order, as raw BSON: the driver hands over each
 * document's bytes without decoding them, and they go downstream as they are.
 *
 * <p>It reads along the {@code _id} index with {@code min}, not with a filter: a query comparison
 * only matches values of its own type ({@code {_id: {$gt: 5}}} leaves out every string id), so a
 * read resumed after a restore would silently skip the ids of other types, where the index holds
 * every id in MongoDB's one sort order. The bound is inclusive; the last document read is skipped.
 *
 * <p>Each read takes MongoDB's cluster time first and stamps every document with it. The read sees
 * every write up to that time, so a change stream event at or before it is already in the copy, and
 * one after it wins over the copy by its higher version. No machine's clock is involved.
 */
final class CopySplitReader implements SplitReader<CopiedDocument, CopySplit> {

    private static final Logger LOG = LoggerFactory.getLogger(CopySplitReader.class);

    private final String mongoUrl;
    private final int batchSize;
    private final ArrayDeque<CopySplit> splits = new ArrayDeque<>();
    private MongoClient client;
    private CopySplit current;
    private BsonValue lastId;
    private MongoCursor<RawBsonDocument> cursor;
    private long readAt;
    /** The {@code _id} the open read starts at, which the previous read already handed on; null once passed. */
    private BsonValue skip;

    CopySplitReader(String mongoUrl, int batchSize) {
        this.mongoUrl = mongoUrl;
        this.batchSize = batchSize;
    }

    @Override
    public RecordsWithSplitIds<CopiedDocument> fetch() {
        RecordsBySplits.Builder<CopiedDocument> records = new RecordsBySplits.Builder<>();
        if (current == null) {
            current = splits.poll();
            if (current == null) {
                return records.build();
            }
            lastId = current.after();
        }
        String split = current.splitId();
        String namespace = current.namespace().toString();
        int read = 0;
        try {
            if (cursor == null) {
                open();
            }
            while (read < batchSize && cursor.hasNext()) {
                RawBsonDocument document = cursor.next();
                BsonValue id = document.get("_id");
                if (skip != null) {
                    boolean again = skip.equals(id);
                    skip = null;
                    if (again) {
                        continue;
                    }
                }
                ChangeEvent event = ChangeEvent.of(namespace, ChangeEvent.Operation.INSERT, id, null, readAt, true);
                event.bson = bytes(document);
                records.add(split, new CopiedDocument(id, event));
                lastId = id;
                read++;
            }
        } catch (MongoCursorNotFoundException | MongoSocketException e) {
            // A cursor left idle past MongoDB's timeout while the job was busy downstream, or a lost
            // connection: read on after the last document, with a new read time.
            LOG.warn("Copy of {}: the read after _id {} broke off ({}); reading on from there", namespace, lastId, e.getMessage());
            closeCursor();
            return records.build();
        }
        if (read < batchSize) {
            closeCursor();
            records.addFinishedSplit(split);
            LOG.info("Copy of {} read to its end", namespace);
            current = null;
        }
        return records.build();
    }

    private void open() {
        if (client == null) {
            client = MongoClients.create(mongoUrl);
        }
        readAt = ClusterClock.now(client);
        skip = lastId;
        cursor = client.getDatabase(current.namespace().database())
                .getCollection(current.namespace().collection(), RawBsonDocument.class)
                .find()
                .hint(new BsonDocument("_id", new BsonInt32(1)))
                .min(new BsonDocument("_id", lastId == null ? new BsonMinKey() : lastId))
                .batchSize(batchSize)
                .iterator();
    }

    private static byte[] bytes(RawBsonDocument document) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private void closeCursor() {
        if (cursor != null) {
            try {
                cursor.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a broken copy cursor failed", e);
            }
            cursor = null;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<CopySplit> change) {
        if (change instanceof SplitsAddition) {
            splits.addAll(change.splits());
        }
    }

    @Override
    public void wakeUp() {
        // fetch() returns after at most one batch, so it never blocks for long.
    }

    @Override
    public void close() {
        closeCursor();
        if (client != null) {
            client.close();
        }
    }
}
