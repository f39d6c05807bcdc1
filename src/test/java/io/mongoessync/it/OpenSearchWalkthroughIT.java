package io.mongoessync.it;

import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SearchDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The walkthrough on OpenSearch 2.19: its bulk answers lack the _type the sink's 7.x client needs,
 * which the sink restores; everything else (index setup, verify, the chart's aggregation) speaks plain REST.
 */
class OpenSearchWalkthroughIT extends WalkthroughIT {

    private static EmbeddedElasticsearch server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedElasticsearch.builder().distribution(SearchDistribution.OPENSEARCH_2).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    protected String elasticsearchUrl() {
        return server.url();
    }
}
