package io.mongoessync.route;

import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/**
 * What the routing operator counts, per namespace, in the Flink web UI and any metrics reporter:
 * {@code namespace.<db_collection>.{copied, estimatedCount, inserted, updated, replaced, deleted,
 * filtered, deadLettered}},
 * and the operator's {@code replicationLagSeconds}: how far behind MongoDB the last applied change is.
 */
final class SyncMetrics {

    private final MetricGroup group;
    private final Map<String, Counters> namespaces = new HashMap<>();
    private volatile long lastChangeSeconds;

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
        this.group = group;
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
        lastChangeSeconds = ClusterTimes.seconds(event.clusterTime);
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

    /** Seconds between now and the cluster time of the last change applied; 0 before the first. */
    long lagSeconds() {
        long last = lastChangeSeconds;
        return last == 0 ? 0 : Math.max(0, System.currentTimeMillis() / 1000 - last);
    }
}
