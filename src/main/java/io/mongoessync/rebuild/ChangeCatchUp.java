package io.mongoessync.rebuild;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import io.mongoessync.cli.VersionedBulk;
import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.convert.DocumentIds;
import org.bson.BsonDocument;

import java.util.HashMap;
import java.util.Map;

/**
 * The collection's changes from a cluster time on, written to the new generation with their cluster
 * times as versions, as the job writes them: what the job sent to the old generation while the copy
 * ran, and, after the swap, what it sent there just before.
 */
final class ChangeCatchUp implements AutoCloseable {

    /** Writes a document to the new generation; null when the namespace's rules keep it out. */
    interface Writer {
        void write(String id, BsonDocument document, long version);

        void delete(String id, long version);
    }

    private final MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor;
    /** Versions given while catching up, so that changes sharing a cluster time (a transaction) still order. */
    private final Map<String, Long> versions = new HashMap<>();
    private long position;

    ChangeCatchUp(MongoCollection<BsonDocument> collection, long from) {
        this.position = from;
        this.cursor = collection.watch().fullDocument(FullDocument.UPDATE_LOOKUP)
                .startAtOperationTime(ClusterTimes.toBson(from)).cursor();
    }

    /** The cluster time of the last change written, or where it started. */
    long position() {
        return position;
    }

    /** Writes every change up to {@code until} (a cluster time), or until the stream has nothing more. */
    void catchUp(long until, Writer writer, VersionedBulk bulk) {
        while (position < until) {
            ChangeStreamDocument<BsonDocument> change = cursor.tryNext();
            if (change == null) {
                break;
            }
            long time = ClusterTimes.of(change.getClusterTime());
            String id = DocumentIds.canonical(change.getDocumentKey().get("_id"));
            long version = Math.max(time, versions.getOrDefault(id, 0L) + 1);
            switch (change.getOperationType()) {
                case INSERT:
                case UPDATE:
                case REPLACE:
                    // A document deleted since is written by its delete, which follows.
                    if (change.getFullDocument() != null) {
                        writer.write(id, change.getFullDocument(), version);
                    }
                    break;
                case DELETE:
                    writer.delete(id, version);
                    break;
                default:
                    throw new IllegalStateException("The collection saw a " + change.getOperationType().getValue()
                            + " during the rebuild; run rebuild again once the job has followed it");
            }
            versions.put(id, version);
            position = Math.max(position, time);
        }
        bulk.flush();
    }

    @Override
    public void close() {
        cursor.close();
    }
}
