package io.mongoessync.route;

/**
 * What the routing operator remembers of one document, kept as one value per key: the copy writes
 * each document's state once, where three states cost three writes, and RocksDB's compactions
 * rewrote all three (29% of the job's CPU in a 1M copy).
 *
 * <p>A key has this state while its document is in Elasticsearch or its {@code _id} is held (a
 * soft-deleted document). Once neither is true, only its last version stays, in
 * {@link DocumentStates}'s expiring version state.
 */
final class DocumentState {

    /** The last version given to the document, as {@link DocumentVersions#stored} keeps it; 0 for none. */
    long version;
    /** Where it was last written ({@link Place#encode}); null while it is not in Elasticsearch. */
    String place;
    /** The {@code _id} family holding its Elasticsearch document ({@link IdHolders}); null for none. */
    String holder;
    /** Whether it was read from the state, not made for a document without one; never written. */
    boolean saved;

    DocumentState(long version, String place, String holder) {
        this.version = version;
        this.place = place;
        this.holder = holder;
    }

    /** Whether the document needs this state: in Elasticsearch, or its id still held. */
    boolean kept() {
        return place != null || holder != null;
    }
}
