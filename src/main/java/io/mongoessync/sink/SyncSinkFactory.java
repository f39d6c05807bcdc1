package io.mongoessync.sink;

import io.mongoessync.config.SyncConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.elasticsearch.sink.TolerantElasticsearch7SinkBuilder;
import org.apache.http.HttpHost;

import java.net.URI;

/** Builds the Elasticsearch sink from the job's settings. */
public final class SyncSinkFactory {

    private SyncSinkFactory() {}

    /** @param client the connection settings, with the flavor resolved */
    public static MeasuredSink create(SyncConfig config, ClientSettings client) {
        TolerantElasticsearch7SinkBuilder<IndexAction> builder = new TolerantElasticsearch7SinkBuilder<>();
        builder.setHosts(config.elasticsearchUrls().stream().map(SyncSinkFactory::host).toArray(HttpHost[]::new))
                .setEmitter(new IndexActionEmitter());
        builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setBulkFlushMaxActions(config.bulkMaxDocs())
                .setBulkFlushMaxSizeMb(Math.max(1, (int) Math.ceil(config.bulkMaxBytes().getBytes() / (1024.0 * 1024.0))))
                .setBulkFlushInterval(config.bulkInterval().toMillis());
        builder.setClientSettings(client);
        return new MeasuredSink(builder.build(), config.route().deadLetterIndex(), config.route().failFast());
    }

    static HttpHost host(URI url) {
        return new HttpHost(url.getHost(), url.getPort(), url.getScheme());
    }
}
