package io.mongoessync.sink;

import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.rest.RestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides what a failed bulk item means before the connector's writer sees the response.
 *
 * <p>The writer fails the job on any failed item, and never counts down its pending actions for a
 * response with failures. So this listener hands it a response holding only the items it must
 * still fail on:
 *
 * <ul>
 *   <li>409 version conflict: the document already holds this or a newer version, which is what a
 *       replay after a restore produces. Counted, not an error.
 *   <li>Other 4xx (mapping conflict, malformed document, too large): the document can never be
 *       written as it is. Logged with index, {@code _id} and reason, counted, and the rest of the
 *       bulk goes on.
 *   <li>429 and 5xx: transient. The bulk processor's backoff has already retried them; what is
 *       left fails the job, which restarts from its last checkpoint and writes them again.
 * </ul>
 */
public class BulkOutcomeListener implements BulkProcessor.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BulkOutcomeListener.class);

    private final BulkProcessor.Listener writer;
    private final BulkMetrics metrics;
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long bulkStartedNanos;

    /** @param metrics where to count, or null (unit tests) */
    public BulkOutcomeListener(BulkProcessor.Listener writer, BulkMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Override
    public void beforeBulk(long executionId, BulkRequest request) {
        bulkStartedNanos = System.nanoTime();
        writer.beforeBulk(executionId, request);
    }

    @Override
    public void afterBulk(long executionId, BulkRequest request, BulkResponse response) {
        if (metrics != null) {
            metrics.latency((System.nanoTime() - bulkStartedNanos) / 1_000_000);
        }
        if (!response.hasFailures()) {
            writer.afterBulk(executionId, request, response);
            return;
        }
        List<BulkItemResponse> kept = new ArrayList<>(response.getItems().length);
        long conflictsInBulk = 0;
        for (BulkItemResponse item : response.getItems()) {
            if (!item.isFailed()) {
                kept.add(item);
                continue;
            }
            RestStatus status = item.getFailure().getStatus();
            if (status == RestStatus.CONFLICT) {
                conflictsInBulk++;
            } else if (isPermanent(status)) {
                rejected.incrementAndGet();
                if (metrics != null) {
                    metrics.rejected.inc();
                }
                DocWriteRequest<?> failed = request.requests().get(item.getItemId());
                LOG.error("Elasticsearch rejected document {} in index {} ({} {}): {}. It is skipped; "
                                + "the rest of the bulk was written.",
                        failed.id(), failed.index(), status.getStatus(), status, item.getFailureMessage());
            } else {
                kept.add(item);
            }
        }
        if (conflictsInBulk > 0) {
            long total = conflicts.addAndGet(conflictsInBulk);
            if (metrics != null) {
                metrics.conflicts.inc(conflictsInBulk);
            }
            LOG.info("Ignored {} version conflicts (already newer in Elasticsearch; {} in total).", conflictsInBulk, total);
        }
        writer.afterBulk(executionId, request,
                new BulkResponse(kept.toArray(new BulkItemResponse[0]), response.getTook().millis()));
    }

    @Override
    public void afterBulk(long executionId, BulkRequest request, Throwable failure) {
        if (metrics != null) {
            metrics.failed.inc();
        }
        writer.afterBulk(executionId, request, failure);
    }

    static boolean isPermanent(RestStatus status) {
        int code = status.getStatus();
        return code >= 400 && code < 500 && code != 429 && code != 408;
    }

    public long conflicts() {
        return conflicts.get();
    }

    public long rejected() {
        return rejected.get();
    }
}
