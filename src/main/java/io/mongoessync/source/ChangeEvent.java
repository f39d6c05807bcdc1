package io.mongoessync.source;

/**
 * One record from the CDC source, typed: a snapshot copy or a change from the change stream.
 * A Flink POJO, so it is keyed and shipped without Kryo.
 */
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
     * The whole document after the change, as MongoDB extended JSON; null for a delete, and for an
     * update whose document was gone by the time the change stream looked it up.
     */
    public String document;

    /**
     * The change's cluster time as the 64-bit value of a BSON timestamp (seconds in the high half,
     * increment in the low half). For a snapshot copy, the read time in the same form.
     */
    public long clusterTime;

    /** True for a copy made by the snapshot phase. */
    public boolean snapshot;
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

    /** The same event, with an update's description of what changed. */
    public ChangeEvent describedBy(String updateDescription) {
        this.updateDescription = updateDescription;
        return this;
    }

    /** How far a copy's version leads its read time (see ChangeEventDeserializer), in cluster-time units. */
    private static final long SNAPSHOT_LEAD = (long) ChangeEventDeserializer.SNAPSHOT_VERSION_LEAD_SECONDS << 32;

    /** When the change happened in MongoDB: the cluster time, or for a copy its read time (without the lead). */
    public long changeTime() {
        return snapshot ? clusterTime - SNAPSHOT_LEAD : clusterTime;
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
