package org.apache.flink.connector.elasticsearch.sink;

import io.mongoessync.sink.BulkMetrics;
import io.mongoessync.sink.BulkOutcomeListener;
import io.mongoessync.sink.DeadLetters;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.client.RestHighLevelClient;

/**
 * The connector's ES7 sink builder, with {@link BulkOutcomeListener} between the bulk processor and
 * the writer, so a 409 from a replayed write does not fail the job.
 *
 * <p>It lives in the connector's package because the hook, {@code BulkProcessorBuilderFactory},
 * is package-private in flink-connector-elasticsearch 3.0.1 and the sink has no failure handler.
 */
public class TolerantElasticsearch7SinkBuilder<IN> extends Elasticsearch7SinkBuilder<IN> {

    @Override
    protected BulkProcessorBuilderFactory getBulkProcessorBuilderFactory() {
        return new TolerantFactory(super.getBulkProcessorBuilderFactory());
    }

    private static final class TolerantFactory implements BulkProcessorBuilderFactory {

        private static final long serialVersionUID = 1L;

        private final BulkProcessorBuilderFactory delegate;

        private TolerantFactory(BulkProcessorBuilderFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public BulkProcessor.Builder apply(
                RestHighLevelClient client, BulkProcessorConfig config, BulkProcessor.Listener listener) {
            return delegate.apply(client, config, new BulkOutcomeListener(listener, BulkMetrics.handedOver(), DeadLetters.handedOver()));
        }
    }
}
