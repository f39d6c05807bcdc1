package io.mongoessync.sink;

import org.elasticsearch.action.bulk.BackoffPolicy;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.unit.ByteSizeUnit;
import org.elasticsearch.common.unit.ByteSizeValue;
import org.elasticsearch.common.unit.TimeValue;


/** Builds the writer's bulk processor on our client; the writer closes the client through {@link MeasuredSink}. */
public final class SyncBulkProcessors {

    /** Elasticsearch 8 answers in the 7.x format, {@code _type} included, when asked this way. */
    static final String COMPATIBLE_JSON = "application/vnd.elasticsearch+json;compatible-with=7";
    static final String COMPATIBLE_NDJSON = "application/vnd.elasticsearch+x-ndjson;compatible-with=7";

    private SyncBulkProcessors() {}

    /** @param writer the connector writer's own listener, which {@link BulkOutcomeListener} stands in front of */
    public static BulkProcessor.Builder builder(ClientSettings settings, int maxActions, int maxMb, long intervalMillis,
            BulkProcessor.Listener writer) {
        RestHighLevelClient client = ElasticsearchClients.create(settings);
        BulkSender sender = new BulkSender(client, options(settings.flavor), settings.concurrentRequests, settings.retryMaxTime.toMillis());
        WriterContext context = WriterContext.current();
        if (context != null) {
            context.clients.add(sender);
            context.clients.add(client);
        }
        BulkProcessor.Builder builder = BulkProcessor.builder(sender,
                new BulkOutcomeListener(writer, context == null ? null : context.metrics, context == null ? null : context.deadLetters));
        // Two bulks handed over: while one is in flight, the next waits in BulkSender's lanes instead
        // of in the processor's lock, where the writer would wait with it (bench/results/runs, run 58).
        // Runs 29-30 saw no gain from two when one thread sent them one after the other.
        builder.setConcurrentRequests(2);
        if (maxActions != -1) {
            builder.setBulkActions(maxActions);
        }
        if (maxMb != -1) {
            builder.setBulkSize(new ByteSizeValue(maxMb, ByteSizeUnit.MB));
        }
        if (intervalMillis != -1) {
            builder.setFlushInterval(new TimeValue(intervalMillis));
        }
        // BulkSender retries, with its own backoff, whatever the processor's would.
        return builder.setBackoffPolicy(BackoffPolicy.noBackoff());
    }

    static RequestOptions options(ClientSettings.Flavor flavor) {
        RequestOptions.Builder options = RequestOptions.DEFAULT.toBuilder();
        if (flavor == ClientSettings.Flavor.ELASTICSEARCH_8) {
            options.addHeader("Accept", COMPATIBLE_JSON).addHeader("Content-Type", COMPATIBLE_NDJSON);
        }
        if (flavor.answersWithoutType()) {
            options.setHttpAsyncResponseConsumerFactory(TypedResponseConsumer::new);
        }
        return options.build();
    }

}
