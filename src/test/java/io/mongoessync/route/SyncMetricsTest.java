package io.mongoessync.route;

import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SyncMetricsTest {

    /** The demo showed "replication lag 19 s" twenty seconds after its last change had arrived at once. */
    @Test
    void replicationLagIsHowLateTheLastChangeArrivedNotHowLongAgo() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        SyncMetrics metrics = new SyncMetrics(new UnregisteredMetricsGroup(), now::get);
        assertThat(metrics.lagSeconds()).isZero();

        metrics.applied(change(ClusterTimes.of(1_700_000_000L - 3, 1)));
        assertThat(metrics.lagSeconds()).isEqualTo(3);
        now.addAndGet(60_000);
        assertThat(metrics.lagSeconds()).as("a minute without changes").isEqualTo(3);

        metrics.applied(change(ClusterTimes.of(1_700_000_060L, 1)));
        assertThat(metrics.lagSeconds()).isZero();
        metrics.applied(new ChangeEvent("mydb.movies", ChangeEvent.Operation.INSERT, "2", "{}", ClusterTimes.of(1_699_000_000L, 1), true));
        assertThat(metrics.lagSeconds()).as("a copied document is no change").isZero();
    }

    private static ChangeEvent change(long clusterTime) {
        return new ChangeEvent("mydb.movies", ChangeEvent.Operation.UPDATE, "1", "{}", clusterTime, false);
    }
}
