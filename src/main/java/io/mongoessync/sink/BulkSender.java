package io.mongoessync.sink;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestHighLevelClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Sends each bulk as {@code elasticsearch-concurrent-requests} slices, one per lane, so that
 * Elasticsearch indexes on that many write threads. A document's actions always fall in the same
 * lane (by index and id), and each lane sends its slices one after the other, retries included
 * ({@link SliceSender}): a document's actions reach Elasticsearch in order, across bulks too.
 *
 * <p>Lanes do not wait for each other: a lane that is done with one bulk sends its slice of the
 * next one right away instead of waiting for the slowest slice of the bulk before; a 100k copy
 * ran 0.3-2.1 s faster than with slices sent in lockstep (bench/results/runs, runs 58 and 60). The writer
 * still gets one answer per bulk, in the order the bulks were handed over, with the items in the
 * bulk's own order.
 */
final class BulkSender implements BiConsumer<BulkRequest, ActionListener<BulkResponse>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);

    private final SliceSender slices;
    private final ExecutorService[] lanes;
    /** Completes once the last bulk handed over has been answered; guarded by {@code this}. */
    private CompletableFuture<Void> answered = CompletableFuture.completedFuture(null);

    BulkSender(RestHighLevelClient client, RequestOptions options, int lanes, long retryMaxMillis) {
        this.slices = new SliceSender(client, options, retryMaxMillis);
        this.lanes = new ExecutorService[lanes];
        for (int i = 0; i < lanes; i++) {
            String name = "elasticsearch-bulk-sender-" + (i + 1);
            this.lanes[i] = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    @Override
    public synchronized void accept(BulkRequest request, ActionListener<BulkResponse> listener) {
        CompletableFuture<BulkResponse> bulk;
        try {
            bulk = submit(request);
        } catch (RejectedExecutionException e) {
            listener.onFailure(new IllegalStateException("The Elasticsearch sink is closed; the bulk was not sent", e));
            return;
        }
        answered = answered.thenCompose(previous -> bulk).handle((response, failure) -> {
            answer(listener, response, failure);
            return null;
        });
    }

    /** The bulk sent and answered, waiting for every slice: for tests and callers of their own. */
    BulkResponse send(BulkRequest request) throws Exception {
        try {
            return submit(request).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private CompletableFuture<BulkResponse> submit(BulkRequest request) {
        List<DocWriteRequest<?>> actions = request.requests();
        BulkItemResponse[] results = new BulkItemResponse[actions.size()];
        int[][] positions = slice(actions);
        List<CompletableFuture<Long>> sent = new ArrayList<>();
        for (int lane = 0; lane < lanes.length; lane++) {
            int[] group = positions[lane];
            if (group.length > 0) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return slices.send(request, actions, group, results);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }, lanes[lane]));
            }
        }
        return CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).thenApply(done ->
                new BulkResponse(results, sent.stream().mapToLong(CompletableFuture::join).max().orElse(0)));
    }

    /** The bulk's positions, per lane, in the bulk's order. */
    private int[][] slice(List<DocWriteRequest<?>> actions) {
        int[] counts = new int[lanes.length];
        int[] laneOf = new int[actions.size()];
        for (int position = 0; position < laneOf.length; position++) {
            laneOf[position] = lane(actions.get(position), lanes.length);
            counts[laneOf[position]]++;
        }
        int[][] positions = new int[lanes.length][];
        for (int lane = 0; lane < lanes.length; lane++) {
            positions[lane] = new int[counts[lane]];
            counts[lane] = 0;
        }
        for (int position = 0; position < laneOf.length; position++) {
            positions[laneOf[position]][counts[laneOf[position]]++] = position;
        }
        return positions;
    }

    static int lane(DocWriteRequest<?> action, int lanes) {
        return Math.floorMod(31 * action.index().hashCode() + String.valueOf(action.id()).hashCode(), lanes);
    }

    private static void answer(ActionListener<BulkResponse> listener, BulkResponse response, Throwable failure) {
        // A listener that throws must not turn the answers of the bulks after it into failures.
        try {
            if (failure == null) {
                listener.onResponse(response);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                listener.onFailure(cause instanceof Exception ? (Exception) cause : new RuntimeException(cause));
            }
        } catch (RuntimeException e) {
            LOG.error("The bulk's listener failed on its answer", e);
        }
    }

    /** After the bulk processor's close: a bulk still in flight is abandoned, as the job is ending. */
    @Override
    public void close() {
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}
