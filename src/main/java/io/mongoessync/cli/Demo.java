package io.mongoessync.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.config.SyncOptions;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.embedded.StandInMongo;
import org.apache.flink.core.execution.JobClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code --demo}: the walkthrough on one machine. Starts the MongoDB stand-in with the sample data
 * and a real Elasticsearch, runs the job in a local MiniCluster with the web UI, reports the counts
 * once the copy is done, then streams until Ctrl-C. The job itself is the same as in production;
 * only the two URLs point at the embedded servers.
 */
final class Demo {

    static final int MOVIES = 10_000;
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(3);

    private Demo() {}

    static void run(JobParams params) throws Exception {
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
        int webUiPort = JobLauncher.webUiPort();
        JobClient job = JobLauncher.start(config);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping: cancelling the job, then Elasticsearch and MongoDB ...");
            try {
                job.cancel().get();
            } catch (Exception e) {
                // already finished
            }
            es.close();
            client.close();
            mongo.close();
            stopped.countDown();
        }, "demo-shutdown"));

        System.out.println("Flink web UI:   http://localhost:" + webUiPort);
        System.out.println("MongoDB:        " + mongo.connectionString());
        System.out.println("Elasticsearch:  " + es.url());
        ElasticsearchHttp http = new ElasticsearchHttp(es.url());
        Map<Namespace, String> indexes = new LinkedHashMap<>();
        for (Namespace namespace : config.directReadNamespaces()) {
            indexes.put(namespace, config.route().indexFor(namespace.toString()));
        }
        awaitCopy(client, http, indexes);
        writeChart(http, indexes);
        System.out.println("\nStreaming changes from MongoDB to Elasticsearch. Press Ctrl-C to stop.");
        Thread status = new Thread(new LiveStatus("http://localhost:" + webUiPort, job.getJobID().toString(),
                System.out, System.console() != null), "demo-status");
        status.setDaemon(true);
        status.start();
        try {
            job.getJobExecutionResult().get();
        } catch (Exception e) {
            if (stopped.getCount() > 0) {
                System.err.println("The job stopped: " + e.getMessage());
            }
        }
        stopped.await();
    }

    private static String lastProgress = "";

    /** One line per change of the copy's progress: documents in Elasticsearch against MongoDB's count. */
    private static void showProgress(Map<Namespace, long[]> counts) {
        StringBuilder line = new StringBuilder("Copying:");
        counts.forEach((ns, c) -> line.append("  ").append(ns).append(' ').append(Math.max(0, c[1])).append('/').append(c[0]));
        if (!line.toString().equals(lastProgress)) {
            lastProgress = line.toString();
            System.out.println(lastProgress);
        }
    }

    /** The walkthrough's top-10 chart, when the movies are among the synced namespaces. */
    private static void writeChart(ElasticsearchHttp http, Map<Namespace, String> indexes) {
        String index = indexes.get(new Namespace(SampleData.DATABASE, SampleData.MOVIES));
        if (index == null) {
            return;
        }
        java.nio.file.Path png = java.nio.file.Paths.get("target", "top10-popularity.png").toAbsolutePath();
        try {
            TopMoviesChart.write(TopMoviesChart.top10(http, index), png);
            System.out.println("\nTop 10 movies by popularity, charted from Elasticsearch: " + png);
        } catch (java.io.IOException | RuntimeException e) {
            System.out.println("\nCould not draw the top-10 chart: " + e.getMessage());
        }
    }

    private static void awaitCopy(MongoClient client, ElasticsearchHttp http, Map<Namespace, String> indexes)
            throws InterruptedException {
        long deadline = System.nanoTime() + COPY_TIMEOUT.toNanos();
        while (true) {
            Map<Namespace, long[]> counts = new LinkedHashMap<>();
            boolean done = true;
            for (Map.Entry<Namespace, String> entry : indexes.entrySet()) {
                Namespace ns = entry.getKey();
                long inMongo = client.getDatabase(ns.database()).getCollection(ns.collection()).countDocuments();
                long inEs = http.count(entry.getValue());
                counts.put(ns, new long[] {inMongo, inEs});
                done &= inMongo == inEs;
            }
            showProgress(counts);
            if (done || System.nanoTime() > deadline) {
                System.out.println(done ? "\nCopy done:" : "\nCopy not finished after " + COPY_TIMEOUT + ":");
                System.out.printf("  %-22s %-18s %10s %14s%n", "namespace", "index", "MongoDB", "Elasticsearch");
                counts.forEach((ns, c) -> System.out.printf("  %-22s %-18s %10d %14d%n", ns, indexes.get(ns), c[0], Math.max(0, c[1])));
                return;
            }
            Thread.sleep(1000);
        }
    }
}
