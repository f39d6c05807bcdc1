package io.mongoessync.source;

import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.convert.DocumentIds;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

/**
 * One record from the CDC source, typed: a snapshot copy or a change from the change stream.
 * Shipped by {@link ChangeEventSerializer}.
 */
@TypeInfo(ChangeEventTypeInfo.Factory.class)
public class ChangeEvent {

    /** What happened to the document. A snapshot copy is an {@link #INSERT}. */
    public enum Operation {
        INSERT,
        UPDATE,
        REPLACE,
        DELETE
    }

    /** {@code db.collection}. */
    public String namespace;

    public Operation operation;

    /** The canonical Elasticsearch {@code _id}; see {@code DocumentIds}. */
    public String documentId;

    /**
     * The {@code _id}'s {@link DocumentIds#family}, which tells apart ids of one text (the int 1 and
     * the string "1"); null where it is not known (an event made from state).
     */
    public String idFamily;

    /**
     * Why the {@code _id} cannot be an Elasticsearch {@code _id} (empty, too long), or null. Such an
     * event is keyed by a digest of the id and dead-lettered, never dropped without a word.
     */
    public String idProblem;

    /**
     * The whole document after the change, as MongoDB extended JSON; null for a delete, and for an
     * update whose document was gone by the time the change stream looked it up.
     */
    public String document;

    /**
     * The whole document as BSON, for a copy read raw: it goes from MongoDB's bytes to
     * Elasticsearch's JSON without being rendered as text in between. Null where {@link #document} is used.
     */
    public byte[] bson;

    /**
     * The change's cluster time as the 64-bit value of a BSON timestamp (seconds in the high half,
     * increment in the low half). For a copy, the cluster time its read started at, which it
     * includes every change up to.
     */
    public long clusterTime;

    /** True for a copy of the document (a direct read), not a change. */
    public boolean snapshot;
    /**
     * True for a copy made by Flink CDC's own snapshot phase, which a job restored from a savepoint
     * taken during the copy by a release before the raw copy still finishes: it carries a wall-clock
     * read time moved ahead, and its writes wait for a checkpoint in the copy gate.
     */
    public boolean cdcCopy;
    /**
     * True for a document of a collection renamed into the sync, read after the rename and stamped
     * with its cluster time: it yields to any change already written after that time.
     */
    public boolean readAfterRename;
    /** An update's {@code {updatedFields, removedFields}} as extended JSON; null for other operations. */
    public String updateDescription;

    public ChangeEvent() {}

    public ChangeEvent(String namespace, Operation operation, String documentId, String document, long clusterTime, boolean snapshot) {
        this.namespace = namespace;
        this.operation = operation;
        this.documentId = documentId;
        this.document = document;
        this.clusterTime = clusterTime;
        this.snapshot = snapshot;
    }

    /** An event of the document with this MongoDB {@code _id}. */
    public static ChangeEvent of(String namespace, Operation operation, BsonValue id, String document, long clusterTime,
            boolean snapshot) {
        String documentId;
        String problem = null;
        try {
            documentId = DocumentIds.canonical(id);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            documentId = "invalid-id#" + DocumentIds.digest(BsonJsonWriter.toJson(id));
        }
        ChangeEvent event = new ChangeEvent(namespace, operation, documentId, document, clusterTime, snapshot);
        event.idFamily = DocumentIds.family(id);
        event.idProblem = problem;
        return event;
    }

    /** The same event, with an update's description of what changed. */
    public ChangeEvent describedBy(String updateDescription) {
        this.updateDescription = updateDescription;
        return this;
    }

    /** A copy read by the job's own raw-BSON copy, stamped with the cluster time before its read. */
    public boolean rawCopy() {
        return snapshot && !cdcCopy;
    }

    /** Whether the event carries a document (a delete, or an update whose document vanished, does not). */
    public boolean hasDocument() {
        return document != null || bson != null;
    }

    /** The document as extended JSON, for a dead letter. */
    public String documentText() {
        return document != null ? document : bson != null ? new RawBsonDocument(bson).toJson() : null;
    }

    /** When the change happened in MongoDB: the cluster time, or for a copy its read time (without the lead). */
    public long changeTime() {
        return cdcCopy ? ClusterTimes.plusSeconds(clusterTime, -ChangeEventDeserializer.SNAPSHOT_VERSION_LEAD_SECONDS) : clusterTime;
    }

    /** The key the routing operator partitions by: one document of one collection. */
    public String key() {
        return namespace + '\u0000' + documentId;
    }

    @Override
    public String toString() {
        return operation + " " + namespace + "/" + documentId + (snapshot ? " (snapshot)" : " @" + clusterTime);
    }
}
