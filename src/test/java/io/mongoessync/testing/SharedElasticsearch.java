package io.mongoessync.testing;

import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.embedded.EmbeddedElasticsearch;

/**
 * One real Elasticsearch per test JVM, started on first use and stopped when the JVM exits.
 * Tests keep out of each other's way by using their own index names.
 */
public final class SharedElasticsearch {

    private static EmbeddedElasticsearch instance;

    private SharedElasticsearch() {}

    public static synchronized String url() {
        if (instance == null) {
            instance = EmbeddedElasticsearch.start();
            EmbeddedElasticsearch started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-elasticsearch"));
        }
        return instance.url();
    }

    public static ElasticsearchHttp http() {
        return new ElasticsearchHttp(url());
    }
}
