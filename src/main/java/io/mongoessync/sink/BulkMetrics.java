package io.mongoessync.sink;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The sink's own counts, in the writer's metric group: {@code versionConflictsIgnored},
 * {@code documentsRejected}, {@code bulksFailed} and {@code lastBulkLatencyMs}.
 *
 * <p>The connector builds its bulk listener inside the writer's constructor with no access to
 * metrics, so they reach it through {@link WriterContext}.
 */
public final class BulkMetrics {


    final Counter conflicts;
    final Counter rejected;
    final Counter failed;
    private volatile long lastLatencyMs;

    BulkMetrics(MetricGroup group) {
        conflicts = group.counter("versionConflictsIgnored");
        rejected = group.counter("documentsRejected");
        failed = group.counter("bulksFailed");
        group.gauge("lastBulkLatencyMs", () -> lastLatencyMs);
    }

    void latency(long millis) {
        lastLatencyMs = millis;
    }

}
