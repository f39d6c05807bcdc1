package io.mongoessync.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoessync.SyncJob;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.embedded.StandInMongo;
import io.mongoessync.testing.BatchInsert;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** What every benchmark starts: the stand-in, a real Elasticsearch, seeded movies, and the job on a MiniCluster. */
final class BenchServers implements AutoCloseable {

    /**
     * The stand-in keeps its change log in this JVM's heap, as mongod keeps its oplog; capped like an
     * oplog, so a long streaming run measures the job's memory, not a growing log.
     */
    static final int CHANGE_LOG_CAPACITY = 200_000;

    final StandInMongo mongo = StandInMongo.start(0, CHANGE_LOG_CAPACITY);
    final EmbeddedElasticsearch es = EmbeddedElasticsearch.start();
    final MongoClient client = MongoClients.create(mongo.connectionString());
    final ElasticsearchHttp http = new ElasticsearchHttp(es.url());
    final Path rocksDb;

    BenchServers() throws Exception {
        rocksDb = Files.createTempDirectory("bench-rocksdb");
    }

    /** Inserts movies 1..n with _id "m{n}", not recorded as changes (as if they predated the job). */
    MongoCollection<Document> seed(String namespace, int n) {
        int dot = namespace.indexOf('.');
        MongoCollection<Document> movies = client.getDatabase(namespace.substring(0, dot)).getCollection(namespace.substring(dot + 1));
        mongo.recordChanges(false);
        Random random = new Random(1);
        BatchInsert.insert(movies, 1, n + 1, id -> {
            Document movie = SampleData.movie(id, random);
            movie.put("_id", "m" + id);
            return movie;
        });
        mongo.recordChanges(true);
        return movies;
    }

    /** Submits the job with the user's defaults plus these settings (key, value pairs). */
    JobClient startJob(int parallelism, String... settings) throws Exception {
        JobParams params = new JobParams().put("mongo-url", mongo.connectionString()).put("elasticsearch-urls", es.url());
        for (int i = 0; i < settings.length; i += 2) {
            params.put(settings[i], settings[i + 1]);
        }
        Configuration cluster = new Configuration();
        cluster.setString("state.backend.rocksdb.localdir", rocksDb.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, cluster);
        SyncJob.define(env, SyncConfig.from(params.toConfiguration()));
        env.getCheckpointConfig().setCheckpointStorage(Files.createTempDirectory("bench-checkpoints").toUri());
        return env.executeAsync();
    }

    /** Elasticsearch's CPU time so far, in seconds, from its process and its children. */
    double elasticsearchCpuSeconds() {
        return es.cpuSeconds();
    }

    @Override
    public void close() {
        client.close();
        es.close();
        mongo.close();
    }
}
