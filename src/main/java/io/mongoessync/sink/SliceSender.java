package io.mongoessync.sink;

import org.apache.http.util.EntityUtils;
import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.xcontent.DeprecationHandler;
import org.elasticsearch.common.xcontent.NamedXContentRegistry;
import org.elasticsearch.common.xcontent.XContentParser;
import org.elasticsearch.common.xcontent.XContentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one slice of a bulk, on the calling thread, and retries what Elasticsearch could not take
 * (429, 5xx, no connection) with exponential backoff for up to {@code elasticsearch-retry-max-time};
 * only then does the writer see the failure and fail the job, which restarts from its last checkpoint.
 *
 * <p>A slice's retries finish before its lane sends anything else, so a document's later action
 * never overtakes an earlier one that is being retried.
 */
final class SliceSender {

    private static final Logger LOG = LoggerFactory.getLogger(SliceSender.class);
    static final long FIRST_DELAY_MS = 100;
    static final long MAX_DELAY_MS = 10_000;

    private final RestHighLevelClient client;
    private final RequestOptions options;
    private final long retryMaxMillis;

    SliceSender(RestHighLevelClient client, RequestOptions options, long retryMaxMillis) {
        this.client = client;
        this.options = options;
        this.retryMaxMillis = retryMaxMillis;
    }

    /**
     * Writes the answers for the bulk's items at {@code positions} into {@code results}, numbered by
     * their place in the bulk, and returns the longest {@code took} Elasticsearch reported.
     */
    long send(BulkRequest original, List<DocWriteRequest<?>> actions, int[] positions, BulkItemResponse[] results)
            throws Exception {
        int[] pending = positions;
        long deadline = System.currentTimeMillis() + retryMaxMillis;
        long delay = FIRST_DELAY_MS;
        long took = 0;
        while (true) {
            List<Integer> retry = new ArrayList<>();
            Exception failure = null;
            try {
                took = Math.max(took, perform(original, actions, pending, results, retry));
            } catch (Exception e) {
                if (!isTransient(e)) {
                    throw e;
                }
                failure = e;
                for (int position : pending) {
                    retry.add(position);
                }
            }
            if (retry.isEmpty()) {
                return took;
            }
            if (System.currentTimeMillis() + delay > deadline) {
                if (failure != null) {
                    throw failure;
                }
                return took; // the writer fails the job on what is left
            }
            LOG.warn("Elasticsearch could not take {} of {} actions ({}); retrying them in {} ms",
                    retry.size(), positions.length, failure != null ? failure.getMessage() : "429/5xx items", delay);
            Thread.sleep(delay);
            delay = Math.min(delay * 2, MAX_DELAY_MS);
            pending = retry.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** One request for the actions at {@code positions}; those to try again go to {@code retry}. */
    private long perform(BulkRequest original, List<DocWriteRequest<?>> actions, int[] positions, BulkItemResponse[] results,
            List<Integer> retry) throws IOException {
        List<DocWriteRequest<?>> slice = new ArrayList<>(positions.length);
        for (int position : positions) {
            slice.add(actions.get(position));
        }
        Request request = BulkBody.request(original, slice);
        request.setOptions(options);
        Response response = client.getLowLevelClient().performRequest(request);
        byte[] body = EntityUtils.toByteArray(response.getEntity());
        long took = BulkAnswers.tookIfNoErrors(body);
        if (took >= 0) {
            written(actions, positions, results);
            return took;
        }
        BulkResponse answer;
        try (XContentParser parser = XContentType.JSON.xContent().createParser(NamedXContentRegistry.EMPTY,
                DeprecationHandler.IGNORE_DEPRECATIONS, body)) {
            answer = BulkResponse.fromXContent(parser);
        }
        for (int k = 0; k < positions.length; k++) {
            BulkItemResponse item = answer.getItems()[k];
            results[positions[k]] = item.isFailed()
                    ? new BulkItemResponse(positions[k], item.getOpType(), item.getFailure())
                    : new BulkItemResponse(positions[k], item.getOpType(), item.getResponse());
            if (item.isFailed() && isTransient(item.getFailure().getStatus().getStatus())) {
                retry.add(positions[k]);
            }
        }
        return answer.getTook().millis();
    }

    /**
     * Items for actions Elasticsearch wrote whole, without the per-item answers nothing reads: the
     * writer and the bulk processor's retry only look at failures, but count one item per action.
     */
    static void written(List<DocWriteRequest<?>> actions, int[] positions, BulkItemResponse[] results) {
        for (int position : positions) {
            results[position] = new BulkItemResponse(position, actions.get(position).opType(),
                    (org.elasticsearch.action.DocWriteResponse) null);
        }
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
