package io.mongoessync.convert;

import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterTimesTest {

    private static long epoch(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void untilTwentyThirtyAVersionIsTheBsonTimestampsOwnValue() {
        BsonTimestamp now = new BsonTimestamp((int) epoch("2026-12-01T09:00:00Z"), 17);
        assertThat(ClusterTimes.of(now)).as("versions already in Elasticsearch keep their meaning").isEqualTo(now.getValue());
        assertThat(ClusterTimes.seconds(now.getValue())).isEqualTo(epoch("2026-12-01T09:00:00Z"));
    }

    /** BsonTimestamp.getValue() turns negative in 2038, and Elasticsearch refuses a negative version. */
    @Test
    void versionsStayPositiveAndOrderedPast2038() {
        BsonTimestamp in2040 = new BsonTimestamp((int) epoch("2040-06-01T00:00:00Z"), 3);
        assertThat(in2040.getValue()).as("the BSON timestamp's own value").isNegative();
        assertThat(ClusterTimes.of(in2040)).isPositive();

        long[] seconds = {epoch("2029-12-31T23:59:59Z"), epoch("2030-01-01T00:00:00Z"), epoch("2038-01-19T03:14:08Z"),
                epoch("2040-06-01T00:00:00Z"), 0xFFFF_FFFFL};
        long previous = -1;
        for (long s : seconds) {
            for (long increment : new long[] {0, 1, 1_000_000}) {
                long time = ClusterTimes.of(s, increment);
                assertThat(time).as("%d/%d", s, increment).isGreaterThan(previous);
                assertThat(ClusterTimes.seconds(time)).isEqualTo(s);
                assertThat(ClusterTimes.toBson(time)).isEqualTo(new BsonTimestamp((int) s, (int) increment));
                previous = time;
            }
        }
    }

    @Test
    void secondsCanBeAddedAcrossTheNarrowing() {
        long before = ClusterTimes.of(epoch("2029-12-31T23:59:58Z"), 7);
        long after = ClusterTimes.plusSeconds(before, 5);
        assertThat(ClusterTimes.seconds(after)).isEqualTo(epoch("2030-01-01T00:00:03Z"));
        assertThat(ClusterTimes.plusSeconds(after, -5)).isEqualTo(before);
    }
}
