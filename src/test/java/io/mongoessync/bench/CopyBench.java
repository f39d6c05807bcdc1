package io.mongoessync.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoessync.SyncJob;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.embedded.StandInMongo;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bson.BsonDocument;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Copy throughput, measured side by side in one run on one machine (issue 6, part 1):
 * (a) the job's copy, stand-in → job → Elasticsearch, from submission to the last document
 * searchable; (b) the same documents bulk-loaded raw into a fresh index, 1,000 per bulk;
 * (c) a raw driver scan of the collection. Prints a table and the ratio a / min(b, c), and writes
 * it to bench/results/. Not a test: {@code bench/run [documents] [parallelism]}.
 */
public final class CopyBench {

    private CopyBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (StandInMongo mongo = StandInMongo.start(0); EmbeddedElasticsearch es = EmbeddedElasticsearch.start();
             MongoClient client = MongoClients.create(mongo.connectionString())) {
            ElasticsearchHttp http = new ElasticsearchHttp(es.url());
            MongoCollection<Document> movies = client.getDatabase("bench").getCollection("movies");
            mongo.recordChanges(false);
            Random random = new Random(1);
            List<Document> batch = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                batch.add(SampleData.movie(id, random));
                if (batch.size() == 1000) {
                    movies.insertMany(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                movies.insertMany(batch);
            }
            mongo.recordChanges(true);

            double scan = rate(n, () -> {
                long seen = 0;
                for (BsonDocument ignored : movies.withDocumentClass(BsonDocument.class).find().batchSize(1000)) {
                    seen++;
                }
                check(seen == n, "scan saw " + seen);
            });
            double bulk = rate(n, () -> rawBulk(movies, http, n));
            double job = rate(n, () -> jobCopy(mongo, es, http, n, parallelism));

            String report = String.format("# Copy throughput, %d documents, job parallelism %d (%s)%n%n"
                            + "| path | docs/s |%n|---|---|%n| (a) job copy, submit to searchable | %.0f |%n"
                            + "| (b) raw _bulk, 1,000 per request, 1 thread | %.0f |%n| (c) raw driver scan | %.0f |%n%n"
                            + "a / min(b, c) = %.2f (target >= 0.9)%n",
                    n, parallelism, LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), job, bulk, scan,
                    job / Math.min(bulk, scan));
            System.out.println(report);
            Path out = Paths.get("bench", "results", "copy-" + n + "-p" + parallelism + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            System.out.println("Written to " + out);
        }
        System.exit(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double rate(int n, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static void rawBulk(MongoCollection<Document> movies, ElasticsearchHttp http, int n) {
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        for (BsonDocument document : movies.withDocumentClass(BsonDocument.class).find().batchSize(1000)) {
            body.append("{\"index\":{\"_index\":\"raw-bulk\",\"_id\":\"").append(DocumentIds.canonical(document.get("_id")))
                    .append("\"}}\n").append(BsonJsonWriter.toSourceJson(document, "mongo_id")).append('\n');
            if (++inBody == 1000) {
                http.post("/_bulk", body.toString());
                body.setLength(0);
                inBody = 0;
            }
        }
        if (inBody > 0) {
            http.post("/_bulk", body.toString());
        }
        check(http.count("raw-bulk") == n, "raw bulk indexed " + http.count("raw-bulk"));
    }

    private static void jobCopy(StandInMongo mongo, EmbeddedElasticsearch es, ElasticsearchHttp http, int n, int parallelism)
            throws Exception {
        SyncConfig config = SyncConfig.from(new JobParams().put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", es.url()).put("direct-read-namespaces", "bench.movies")
                .put("index-mapping", "bench.movies:job-copy").put("checkpoint-interval", "1s")
                .toConfiguration());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism);
        SyncJob.define(env, config);
        env.getCheckpointConfig().setCheckpointStorage(Files.createTempDirectory("bench-checkpoints").toUri());
        JobClient job = env.executeAsync();
        while (http.count("job-copy") < n) {
            Thread.sleep(100);
        }
        job.cancel().get();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
