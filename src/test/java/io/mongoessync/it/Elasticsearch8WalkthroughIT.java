package io.mongoessync.it;

import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SearchDistribution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The walkthrough on Elasticsearch 8.19: the sink's 7.x client asks for 7.x-compatible answers,
 * and everything else (index setup, verify, the chart's aggregation) speaks plain REST.
 */
class Elasticsearch8WalkthroughIT extends WalkthroughIT {

    private static EmbeddedElasticsearch server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedElasticsearch.builder().distribution(SearchDistribution.ELASTICSEARCH_8).start();
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
