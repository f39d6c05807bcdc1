package io.mongoessync.sink;

import io.mongoessync.config.SyncConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.FlushBackoffType;
import org.apache.flink.connector.elasticsearch.sink.TolerantElasticsearch7SinkBuilder;
import org.apache.http.HttpHost;

import java.net.URI;

/** Builds the Elasticsearch sink from the job's settings. */
public final class SyncSinkFactory {

    /** Retries of a bulk item Elasticsearch answered with 429, doubling from the first delay. */
    static final int BACKOFF_RETRIES = 8;
    static final long BACKOFF_FIRST_DELAY_MS = 100;

    private SyncSinkFactory() {}

    public static MeasuredSink create(SyncConfig config) {
        TolerantElasticsearch7SinkBuilder<IndexAction> builder = new TolerantElasticsearch7SinkBuilder<>();
        builder.setHosts(config.elasticsearchUrls().stream().map(SyncSinkFactory::host).toArray(HttpHost[]::new))
                .setEmitter(new IndexActionEmitter());
        builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setBulkFlushMaxActions(config.bulkMaxDocs())
                .setBulkFlushMaxSizeMb(Math.max(1, (int) Math.ceil(config.bulkMaxBytes().getBytes() / (1024.0 * 1024.0))))
                .setBulkFlushInterval(config.bulkInterval().toMillis())
                .setBulkFlushBackoffStrategy(FlushBackoffType.EXPONENTIAL, BACKOFF_RETRIES, BACKOFF_FIRST_DELAY_MS);
        if (config.elasticsearchUser() != null) {
            builder.setConnectionUsername(config.elasticsearchUser())
                    .setConnectionPassword(config.elasticsearchPassword());
        }
        return new MeasuredSink(builder.build(), config.route().deadLetterIndex(), config.route().failFast());
    }

    static HttpHost host(URI url) {
        return new HttpHost(url.getHost(), url.getPort(), url.getScheme());
    }
}
