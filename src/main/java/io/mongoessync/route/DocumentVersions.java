package io.mongoessync.route;

import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.time.Time;

import java.time.Duration;

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

    /**
     * How long a document's last version is remembered after its last change. The memory only
     * matters within seconds of a change (same cluster time, a copy's lead over the clock), and
     * forgetting bounds the state to the documents changed recently instead of every document ever
     * deleted. A job resumed from a savepoint older than this could assign a lower version again,
     * but by then MongoDB's oplog has almost always rolled past it, and the job needs a resync anyway.
     */
    static final Duration MEMORY = Duration.ofDays(7);

    private DocumentVersions() {}

    static StateTtlConfig stateTtl() {
        return StateTtlConfig.newBuilder(Time.milliseconds(MEMORY.toMillis()))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }

    /**
     * The state's value: the last version, negated when a raw copy took it. A copy read at cluster
     * time T holds every change up to T, so a change of T or before that arrives after it (the
     * stream lagging behind the copy) is known to be in it already. Versions are positive, so the
     * sign is free, and states written before copies were marked read as versions of changes.
     */
    static long stored(long version, boolean byCopy) {
        return byCopy ? -version : version;
    }

    /** The last version in a stored value (0 for none). */
    static long version(long stored) {
        return Math.abs(stored);
    }

    /** Whether a copy took the last version, reading after this cluster time. */
    static boolean heldByCopy(long stored, long clusterTime) {
        return stored < 0 && -stored >= clusterTime;
    }

    /** @param previous the last version given to this document, or 0 if none */
    static long next(long clusterTime, long previous) {
        return previous >= clusterTime ? previous + 1 : clusterTime;
    }
}
