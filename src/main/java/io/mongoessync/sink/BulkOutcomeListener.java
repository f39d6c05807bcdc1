package io.mongoessync.sink;

import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.index.IndexRequest;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.elasticsearch.rest.RestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *       written as it is. Logged with index, {@code _id} and reason, counted, and recorded in the
 *       dead-letter index; the rest of the bulk goes on. With {@code fail-fast} the job fails for
 *       good instead. A refused dead-letter record fails the job: nothing is dropped silently.
 *   <li>429 and 5xx: transient. The bulk processor's backoff has already retried them; what is
 *       left fails the job, which restarts from its last checkpoint and writes them again.
 * </ul>
 */
public class BulkOutcomeListener implements BulkProcessor.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(BulkOutcomeListener.class);

    private final BulkProcessor.Listener writer;
    private final BulkMetrics metrics;
    private final DeadLetters deadLetters;
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    /** When each bulk in flight was handed over: two can be, so one field would time the wrong one. */
    private final Map<Long, Long> startedNanos = new ConcurrentHashMap<>();

    /**
     * @param metrics where to count, or null (unit tests)
     * @param deadLetters where refused documents go, or null to only log them (unit tests)
     */
    public BulkOutcomeListener(BulkProcessor.Listener writer, BulkMetrics metrics, DeadLetters deadLetters) {
        this.writer = writer;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    @Override
    public void beforeBulk(long executionId, BulkRequest request) {
        startedNanos.put(executionId, System.nanoTime());
        writer.beforeBulk(executionId, request);
    }

    @Override
    public void afterBulk(long executionId, BulkRequest request, BulkResponse response) {
        Long started = startedNanos.remove(executionId);
        if (metrics != null && started != null) {
            metrics.latency((System.nanoTime() - started) / 1_000_000);
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
            String fault = configurationFault(status, item.getFailureMessage());
            if (fault != null) {
                DocWriteRequest<?> failed = request.requests().get(item.getItemId());
                writer.afterBulk(executionId, request, new SuppressRestartsException(new IllegalStateException(
                        "Elasticsearch refused to write document " + failed.id() + " to index " + failed.index() + " ("
                                + status.getStatus() + " " + status + ": " + item.getFailureMessage() + "). That is a setting of"
                                + " Elasticsearch, not a fault of the document, and every other write to the index would meet it"
                                + " too: " + fault + ". The job stops instead of dead-lettering what it cannot write; once that is"
                                + " fixed, resume it from its last checkpoint (flink run -s <checkpoint>).")));
                return;
            }
            if (status == RestStatus.CONFLICT) {
                conflictsInBulk++;
            } else if (isPermanent(status) && !isDeadLetter(request.requests().get(item.getItemId()))) {
                DocWriteRequest<?> failed = request.requests().get(item.getItemId());
                if (deadLetters != null && deadLetters.failFast()) {
                    writer.afterBulk(executionId, request, new SuppressRestartsException(new DocumentRejectedException(
                            "Elasticsearch rejected document " + failed.id() + " in index " + failed.index() + " ("
                                    + status.getStatus() + "): " + item.getFailureMessage() + ". fail-fast is on, so the job stops.")));
                    return;
                }
                rejected.incrementAndGet();
                if (metrics != null) {
                    metrics.rejected.inc();
                }
                LOG.error("Elasticsearch rejected document {} in index {} ({} {}): {}. It goes to the dead-letter "
                                + "index; the rest of the bulk was written.",
                        failed.id(), failed.index(), status.getStatus(), status, item.getFailureMessage());
                if (deadLetters != null) {
                    IndexAction origin = ActionRequests.originOf(failed);
                    // An update carries no version of its own (MATCH_ANY), which no external-versioned
                    // record may take: the routing operator's version stands in.
                    long version = origin != null ? origin.version : Math.max(0, failed.version());
                    deadLetters.add(DeadLetters.record(deadLetters.index(), origin == null ? null : origin.namespace, failed.id(),
                            failed.index(), failed.opType().getLowercase(), version, item.getFailureMessage(),
                            status.getStatus(), source(failed)));
                }
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
        startedNanos.remove(executionId);
        if (metrics != null) {
            metrics.failed.inc();
        }
        writer.afterBulk(executionId, request, failure);
    }

    private boolean isDeadLetter(DocWriteRequest<?> request) {
        return deadLetters != null && deadLetters.index().equals(request.index());
    }

    private static String source(DocWriteRequest<?> request) {
        if (request instanceof org.elasticsearch.action.update.UpdateRequest) {
            IndexRequest upsert = ((org.elasticsearch.action.update.UpdateRequest) request).upsertRequest();
            return upsert == null ? null : upsert.source().utf8ToString();
        }
        return request instanceof IndexRequest ? ((IndexRequest) request).source().utf8ToString() : null;
    }

    /**
     * What to fix when an item failed for a reason of the index or the user, not the document, or
     * null. Dead-lettering these would skip every write, deletes included, until someone noticed.
     */
    static String configurationFault(RestStatus status, String message) {
        String text = message == null ? "" : message;
        if (status == RestStatus.UNAUTHORIZED || status == RestStatus.FORBIDDEN) {
            return "give the job's user the right to write to the index, or lift the index's write block";
        }
        if (text.contains("index_not_found_exception")) {
            return "create the index (or its template), or let Elasticsearch create indexes (action.auto_create_index)";
        }
        if (text.contains("index_closed_exception")) {
            return "open the index (POST /<index>/_open)";
        }
        return null;
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
