package io.mongoessync.route;

import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the routing operator counts, per namespace, in the Flink web UI and any metrics reporter:
 * {@code namespace.<db_collection>.{copied, estimatedCount, inserted, updated, replaced, deleted,
 * filtered, deadLettered}},
 * and the operator's {@code replicationLagSeconds}: how long the last applied change took from
 * MongoDB's cluster time to this operator. It stays at that figure while no change comes: measured
 * against the clock instead, a quiet collection would look as if the job fell behind.
 */
final class SyncMetrics {

    private final MetricGroup group;
    private final Map<String, Counters> namespaces = new HashMap<>();
    private final LongSupplier clockMillis;
    private volatile long lagSeconds;

    private static final class Counters {
        final Counter copied;
        final Counter inserted;
        final Counter updated;
        final Counter replaced;
        final Counter deleted;
        final Counter filtered;
        final Counter deadLettered;

        Counters(MetricGroup group) {
            copied = group.counter("copied");
            inserted = group.counter("inserted");
            updated = group.counter("updated");
            replaced = group.counter("replaced");
            deleted = group.counter("deleted");
            filtered = group.counter("filtered");
            deadLettered = group.counter("deadLettered");
        }
    }

    SyncMetrics(MetricGroup group) {
        this(group, System::currentTimeMillis);
    }

    SyncMetrics(MetricGroup group, LongSupplier clockMillis) {
        this.group = group;
        this.clockMillis = clockMillis;
        group.gauge("replicationLagSeconds", this::lagSeconds);
    }

    private Counters of(String namespace) {
        return namespaces.computeIfAbsent(namespace, ns -> new Counters(group.addGroup("namespace", ns)));
    }

    /** {@code namespace.<db_collection>.estimatedCount}: what the copy's {@code copied} count heads for. */
    void estimates(java.util.Set<io.mongoessync.config.Namespace> namespaces, String mongoUrl) {
        CopyEstimates estimates = new CopyEstimates();
        for (io.mongoessync.config.Namespace namespace : namespaces) {
            String name = namespace.toString();
            group.addGroup("namespace", name).gauge("estimatedCount", () -> estimates.of(name));
        }
        estimates.fetch(mongoUrl, namespaces);
    }

    void filtered(ChangeEvent event) {
        of(event.namespace).filtered.inc();
    }

    void deadLettered(ChangeEvent event) {
        of(event.namespace).deadLettered.inc();
    }

    void applied(ChangeEvent event) {
        Counters counters = of(event.namespace);
        if (event.snapshot) {
            counters.copied.inc();
            return;
        }
        lagSeconds = Math.max(0, clockMillis.getAsLong() / 1000 - ClusterTimes.seconds(event.clusterTime));
        switch (event.operation) {
            case INSERT:
                counters.inserted.inc();
                break;
            case UPDATE:
                counters.updated.inc();
                break;
            case REPLACE:
                counters.replaced.inc();
                break;
            default:
                counters.deleted.inc();
                break;
        }
    }

    /** Seconds from the last applied change's cluster time to its arrival here; 0 before the first. */
    long lagSeconds() {
        return lagSeconds;
    }
}
