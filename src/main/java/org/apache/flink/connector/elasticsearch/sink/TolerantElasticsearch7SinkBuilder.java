package org.apache.flink.connector.elasticsearch.sink;

import io.mongoessync.sink.BulkOutcomeListener;
import io.mongoessync.sink.ClientSettings;
import io.mongoessync.sink.SyncBulkProcessors;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.client.RestHighLevelClient;

/**
 * The connector's ES7 sink builder, with our own bulk processor behind the writer: bulks go through
 * a client configured from {@link ClientSettings} (API key, PEM trust, gzip, Elasticsearch 8 and
 * OpenSearch responses), in concurrent slices with retries, and {@link BulkOutcomeListener} decides
 * what a failed item means before the writer sees it.
 *
 * <p>It lives in the connector's package because the hook, {@code BulkProcessorBuilderFactory},
 * is package-private in flink-connector-elasticsearch 3.0.1, which has no client or failure hooks.
 */
public class TolerantElasticsearch7SinkBuilder<IN> extends Elasticsearch7SinkBuilder<IN> {

    private ClientSettings client;

    public TolerantElasticsearch7SinkBuilder<IN> setClientSettings(ClientSettings client) {
        this.client = client;
        return this;
    }

    @Override
    protected BulkProcessorBuilderFactory getBulkProcessorBuilderFactory() {
        return new Factory(client);
    }

    private static final class Factory implements BulkProcessorBuilderFactory {

        private static final long serialVersionUID = 1L;

        private final ClientSettings client;

        private Factory(ClientSettings client) {
            this.client = client;
        }

        @Override
        public BulkProcessor.Builder apply(RestHighLevelClient unused, BulkProcessorConfig config, BulkProcessor.Listener listener) {
            return SyncBulkProcessors.builder(client, config.getBulkFlushMaxActions(), config.getBulkFlushMaxMb(),
                    config.getBulkFlushInterval(), listener);
        }
    }
}
