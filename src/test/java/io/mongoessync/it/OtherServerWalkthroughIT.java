package io.mongoessync.it;

import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SearchDistribution;
import org.junit.jupiter.api.AfterAll;

/** The walkthrough on a server of its own, started on first use and stopped after the test class. */
abstract class OtherServerWalkthroughIT extends WalkthroughIT {

    private static EmbeddedElasticsearch server;

    abstract SearchDistribution distribution();

    @Override
    protected String elasticsearchUrl() {
        if (server == null) {
            server = EmbeddedElasticsearch.builder().distribution(distribution()).start();
        }
        return server.url();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
