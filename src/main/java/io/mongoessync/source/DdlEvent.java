package io.mongoessync.source;

/**
 * A drop or rename in MongoDB, which the CDC connector (3.1.1) logs and ignores. A Flink POJO.
 */
public class DdlEvent {

    /**
     * TICK is no event of MongoDB's: the watcher sends one after each quiet poll, so that the
     * routing operator sends the deletes of a large drop a bounded number at a time.
     */
    public enum Operation { DROP, RENAME, DROP_DATABASE, TICK }

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

    /**
     * The cluster time up to which documents of {@code db.collection} are gone with this event, or
     * -1 when none are. A rename removes its source's documents, and the documents its target had
     * before: a rename onto an existing collection ({@code dropTarget}, and {@code $out}) replaces
     * it, while what the renamed collection brings has the rename's own time and stays.
     */
    public long removedUpTo(String documentNamespace) {
        switch (operation) {
            case DROP_DATABASE:
                return documentNamespace.startsWith(namespace + ".") ? clusterTime : -1;
            case TICK:
                return -1;
            case RENAME:
                if (documentNamespace.equals(to)) {
                    return clusterTime - 1;
                }
                return documentNamespace.equals(namespace) ? clusterTime : -1;
            default:
                return documentNamespace.equals(namespace) ? clusterTime : -1;
        }
    }

    @Override
    public String toString() {
        return operation + " " + namespace + (to == null ? "" : " -> " + to) + " @" + clusterTime;
    }
}
