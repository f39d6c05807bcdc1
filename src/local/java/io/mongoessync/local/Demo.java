package io.mongoessync.local;

import io.mongoessync.cli.ElasticsearchHttp;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.config.SyncOptions;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.embedded.StandInMongo;

/**
 * {@code --demo}: the walkthrough on one machine. Starts the MongoDB stand-in with the sample data
 * and a real Elasticsearch, runs the job in a local MiniCluster with the web UI, reports the counts
 * once the copy is done, then streams until Ctrl-C. The job itself is the same as in production;
 * only the two URLs point at the embedded servers.
 */
final class Demo {

    static final int MOVIES = 10_000;

    private Demo() {}

    static int run(JobParams params) throws Exception {
        System.out.println("Starting the MongoDB stand-in with " + MOVIES + " movies in mydb.hotmovies ...");
        StandInMongo mongo = StandInMongo.start(0);
        MongoClient client = MongoClients.create(mongo.connectionString());
        SampleData.load(client, MOVIES);
        System.out.println("Starting Elasticsearch " + EmbeddedElasticsearch.VERSION + " (first run unpacks it) ...");
        EmbeddedElasticsearch es = EmbeddedElasticsearch.start();

        params.put(SyncOptions.MONGO_URL.key(), mongo.connectionString())
                .put(SyncOptions.ELASTICSEARCH_URLS.key(), es.url())
                .putIfAbsent(SyncOptions.DIRECT_READ_NAMESPACES.key(), "mydb.hotmovies,mydb.col")
                .putIfAbsent(SyncOptions.INDEX_MAPPING.key(), "mydb.hotmovies:hotmovies");
        SyncConfig config = SyncConfig.from(params.toConfiguration());
        return new LocalRun(config)
                .show("MongoDB", mongo.connectionString())
                .show("Elasticsearch", es.url())
                .afterCopy(http -> writeChart(http, config))
                .onStop(() -> {
                    es.close();
                    client.close();
                    mongo.close();
                })
                .run();
    }

    /** The walkthrough's top-10 chart, when the movies are among the synced namespaces. */
    private static void writeChart(ElasticsearchHttp http, SyncConfig config) {
        Namespace movies = new Namespace(SampleData.DATABASE, SampleData.MOVIES);
        if (!config.directReadNamespaces().contains(movies)) {
            return;
        }
        String index = config.route().indexFor(movies.toString());
        java.nio.file.Path png = java.nio.file.Paths.get("target", "top10-popularity.png").toAbsolutePath();
        try {
            TopMoviesChart.write(TopMoviesChart.top10(http, index), png);
            System.out.println("\nTop 10 movies by popularity, charted from Elasticsearch: " + png);
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("\nCould not draw the top-10 chart: " + e.getMessage());
        }
    }
}
