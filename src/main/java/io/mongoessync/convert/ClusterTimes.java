package io.mongoessync.convert;

import org.bson.BsonTimestamp;

/**
 * MongoDB cluster times as one non-negative, order-preserving {@code long}: what the job compares
 * changes and drops by, and what Elasticsearch gets as each write's external version.
 *
 * <p>Until 2030 the value is the BSON timestamp's own (seconds in the high half, the increment in
 * the low half), so versions already in Elasticsearch and in savepoints keep their meaning. That
 * form turns negative in 2038, when the seconds reach 2^31, and Elasticsearch refuses negative
 * versions. So from 2030 on the increment keeps 28 bits instead of 32 (268 million changes in one
 * second), which leaves room for every second a BSON timestamp can hold, up to 2106.
 */
public final class ClusterTimes {

    /** 2030-01-01T00:00:00Z, from which the increment is narrowed. */
    static final long NARROWED_FROM = 1_893_456_000L;
    static final int NARROW_INCREMENT_BITS = 28;
    private static final long NARROW_INCREMENT_MAX = (1L << NARROW_INCREMENT_BITS) - 1;
    private static final long NARROWED_START = NARROWED_FROM << 32;

    private ClusterTimes() {}

    public static long of(BsonTimestamp timestamp) {
        return of(Integer.toUnsignedLong(timestamp.getTime()), Integer.toUnsignedLong(timestamp.getInc()));
    }

    /** @param seconds epoch seconds, at most 2^32 - 1 as in a BSON timestamp */
    public static long of(long seconds, long increment) {
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("A cluster time's seconds must fit a BSON timestamp, not " + seconds);
        }
        if (seconds < NARROWED_FROM) {
            return (seconds << 32) | (increment & 0xFFFF_FFFFL);
        }
        // Past 268 million changes in a second the order within the second is lost, not the order of
        // seconds; the routing operator still gives each document strictly increasing versions.
        return NARROWED_START + ((seconds - NARROWED_FROM) << NARROW_INCREMENT_BITS) + Math.min(increment, NARROW_INCREMENT_MAX);
    }

    public static long seconds(long time) {
        return time < NARROWED_START ? time >>> 32 : NARROWED_FROM + ((time - NARROWED_START) >>> NARROW_INCREMENT_BITS);
    }

    static long increment(long time) {
        return time < NARROWED_START ? time & 0xFFFF_FFFFL : (time - NARROWED_START) & NARROW_INCREMENT_MAX;
    }

    /** The same increment, some seconds later (or earlier, when negative). */
    public static long plusSeconds(long time, long seconds) {
        return of(seconds(time) + seconds, increment(time));
    }

    public static BsonTimestamp toBson(long time) {
        return new BsonTimestamp((int) seconds(time), (int) increment(time));
    }
}
