package io.mongoessync.source;

/**
 * A drop or rename in MongoDB, which the CDC connector (3.1.1) logs and ignores. A Flink POJO.
 */
public class DdlEvent {

    public enum Operation { DROP, RENAME, DROP_DATABASE }

    public Operation operation;
    /** db.collection for a drop or the old name of a rename; the database for DROP_DATABASE. */
    public String namespace;
    /** The new db.collection of a rename; null otherwise. */
    public String to;
    public long clusterTime;

    public DdlEvent() {}

    public DdlEvent(Operation operation, String namespace, String to, long clusterTime) {
        this.operation = operation;
        this.namespace = namespace;
        this.to = to;
        this.clusterTime = clusterTime;
    }

    /** Whether documents of {@code db.collection} are gone with this event. */
    public boolean removes(String documentNamespace) {
        return operation == Operation.DROP_DATABASE
                ? documentNamespace.startsWith(namespace + ".")
                : documentNamespace.equals(namespace);
    }

    @Override
    public String toString() {
        return operation + " " + namespace + (to == null ? "" : " -> " + to) + " @" + clusterTime;
    }
}
