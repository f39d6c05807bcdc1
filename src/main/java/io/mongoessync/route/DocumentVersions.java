package io.mongoessync.route;

/**
 * The external version of each write.
 *
 * <p>A version is the change's cluster time as a 64-bit BSON timestamp (seconds, then the
 * increment), so versions follow MongoDB's own order of changes and survive a restart of the job.
 * Two changes can still share a cluster time (several writes of one transaction), and a snapshot
 * copy carries the reader's clock, which may run ahead of MongoDB's. So the operator keeps the last
 * version it gave each document and never gives a lower or equal one: versions are strictly
 * increasing per document, whatever the clocks say.
 */
final class DocumentVersions {

    private DocumentVersions() {}

    /** @param previous the last version given to this document, or 0 if none */
    static long next(long clusterTime, long previous) {
        return previous >= clusterTime ? previous + 1 : clusterTime;
    }
}
