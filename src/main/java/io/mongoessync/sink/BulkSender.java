package io.mongoessync.sink;

import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.xcontent.DeprecationHandler;
import org.elasticsearch.common.xcontent.NamedXContentRegistry;
import org.elasticsearch.common.xcontent.XContentParser;
import org.elasticsearch.common.xcontent.XContentType;
import org.apache.http.util.EntityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Sends one bulk as {@code elasticsearch-concurrent-requests} parallel slices, and retries what
 * Elasticsearch could not take (429, 5xx, no connection) with exponential backoff for up to
 * {@code elasticsearch-retry-max-time}; only then does the writer see the failure and fail the job,
 * which restarts from its last checkpoint.
 *
 * <p>The connector's bulk processor allows one request at a time and retries only 429s. Slicing
 * inside one request keeps that accounting intact. A document's actions always share a slice
 * (sliced by index and id), so they reach Elasticsearch in order. The writer sees one response, in
 * the original item order.
 *
 * <p>A bulk is encoded, sent and retried on the sender's own thread, so the writer goes on filling
 * the next bulk meanwhile instead of waiting out each round trip; the bulk processor's one permit
 * ({@link SyncBulkProcessors}) still lets one bulk out at a time, in order. The connector's writer
 * counts its pending actions down from the response and waits for none pending at each checkpoint.
 */
final class BulkSender implements BiConsumer<BulkRequest, ActionListener<BulkResponse>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);
    static final long FIRST_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 10_000;

    private final RestHighLevelClient client;
    private final RequestOptions options;
    private final int slices;
    private final long retryMaxMillis;
    private final ExecutorService sending = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "elasticsearch-bulk-sender");
        thread.setDaemon(true);
        return thread;
    });

    BulkSender(RestHighLevelClient client, RequestOptions options, int slices, long retryMaxMillis) {
        this.client = client;
        this.options = options;
        this.slices = slices;
        this.retryMaxMillis = retryMaxMillis;
    }

    @Override
    public void accept(BulkRequest request, ActionListener<BulkResponse> listener) {
        try {
            sending.execute(() -> sendAndAnswer(request, listener));
        } catch (RejectedExecutionException e) {
            listener.onFailure(new IllegalStateException("The Elasticsearch sink is closed; the bulk was not sent", e));
        }
    }

    private void sendAndAnswer(BulkRequest request, ActionListener<BulkResponse> listener) {
        BulkResponse response;
        try {
            response = send(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.onFailure(e);
            return;
        } catch (Exception e) {
            listener.onFailure(e);
            return;
        }
        listener.onResponse(response);
    }

    BulkResponse send(BulkRequest request) throws Exception {
        List<DocWriteRequest<?>> actions = request.requests();
        BulkItemResponse[] results = new BulkItemResponse[actions.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            pending.add(i);
        }
        long deadline = System.currentTimeMillis() + retryMaxMillis;
        long delay = FIRST_DELAY_MS;
        long took = 0;
        while (true) {
            List<List<Integer>> groups = slice(actions, pending);
            List<CompletableFuture<BulkResponse>> sent = new ArrayList<>();
            for (List<Integer> group : groups) {
                sent.add(sendAsync(request, actions, group));
            }
            List<Integer> retry = new ArrayList<>();
            Exception failure = null;
            for (int g = 0; g < groups.size(); g++) {
                List<Integer> group = groups.get(g);
                try {
                    BulkResponse response = sent.get(g).get();
                    took = Math.max(took, response.getTook().millis());
                    for (int k = 0; k < group.size(); k++) {
                        BulkItemResponse item = response.getItems()[k];
                        results[group.get(k)] = renumber(item, group.get(k));
                        if (item.isFailed() && isTransient(item.getFailure().getStatus().getStatus())) {
                            retry.add(group.get(k));
                        }
                    }
                } catch (ExecutionException e) {
                    Exception cause = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                    if (!isTransient(cause)) {
                        throw cause;
                    }
                    failure = cause;
                    retry.addAll(group);
                }
            }
            if (retry.isEmpty()) {
                return new BulkResponse(results, took);
            }
            if (System.currentTimeMillis() + delay > deadline) {
                if (failure != null) {
                    throw failure;
                }
                return new BulkResponse(results, took); // the writer fails the job on what is left
            }
            LOG.warn("Elasticsearch could not take {} of {} actions ({}); retrying them in {} ms",
                    retry.size(), actions.size(), failure != null ? failure.getMessage() : "429/5xx items", delay);
            Thread.sleep(delay);
            delay = Math.min(delay * 2, MAX_DELAY_MS);
            retry.sort(null);
            pending = retry;
        }
    }

    private List<List<Integer>> slice(List<DocWriteRequest<?>> actions, List<Integer> positions) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            groups.add(new ArrayList<>());
        }
        for (int position : positions) {
            DocWriteRequest<?> action = actions.get(position);
            groups.get(Math.floorMod(31 * action.index().hashCode() + String.valueOf(action.id()).hashCode(), slices)).add(position);
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private CompletableFuture<BulkResponse> sendAsync(BulkRequest original, List<DocWriteRequest<?>> actions, List<Integer> group) {
        List<DocWriteRequest<?>> slice = new ArrayList<>(group.size());
        for (int position : group) {
            slice.add(actions.get(position));
        }
        Request request = BulkBody.request(original, slice);
        request.setOptions(options);
        CompletableFuture<BulkResponse> future = new CompletableFuture<>();
        client.getLowLevelClient().performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    byte[] body = EntityUtils.toByteArray(response.getEntity());
                    long took = BulkAnswers.tookIfNoErrors(body);
                    if (took >= 0) {
                        future.complete(new BulkResponse(written(slice), took));
                        return;
                    }
                    try (XContentParser parser = XContentType.JSON.xContent().createParser(NamedXContentRegistry.EMPTY,
                            DeprecationHandler.IGNORE_DEPRECATIONS, body)) {
                        future.complete(BulkResponse.fromXContent(parser));
                    }
                } catch (Exception e) {
                    future.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /**
     * Items for a slice Elasticsearch wrote whole, without the per-item answers nothing reads: the
     * writer and the bulk processor's retry only look at failures, but count one item per action.
     */
    static BulkItemResponse[] written(List<DocWriteRequest<?>> slice) {
        BulkItemResponse[] items = new BulkItemResponse[slice.size()];
        for (int k = 0; k < items.length; k++) {
            items[k] = new BulkItemResponse(k, slice.get(k).opType(), (org.elasticsearch.action.DocWriteResponse) null);
        }
        return items;
    }

    private static BulkItemResponse renumber(BulkItemResponse item, int position) {
        return item.isFailed()
                ? new BulkItemResponse(position, item.getOpType(), item.getFailure())
                : new BulkItemResponse(position, item.getOpType(), item.getResponse());
    }

    /** After the bulk processor's close: a bulk still in flight is abandoned, as the job is ending. */
    @Override
    public void close() {
        sending.shutdownNow();
    }

    static boolean isTransient(int status) {
        return status == 429 || status >= 500;
    }

    static boolean isTransient(Exception e) {
        if (e instanceof ElasticsearchStatusException) {
            return isTransient(((ElasticsearchStatusException) e).status().getStatus());
        }
        if (e instanceof ResponseException) {
            return isTransient(((ResponseException) e).getResponse().getStatusLine().getStatusCode());
        }
        return e instanceof IOException && !(e.getCause() instanceof NullPointerException);
    }
}
