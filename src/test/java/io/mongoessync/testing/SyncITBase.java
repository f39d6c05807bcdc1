package io.mongoessync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoessync.SyncJob;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.embedded.StandInMongo;
import org.apache.flink.api.common.restartstrategy.RestartStrategies;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import java.net.ServerSocket;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.bson.BsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up shared by the integration tests: a fresh MongoDB stand-in per test, the JVM's shared
 * real Elasticsearch, and the job on a local MiniCluster, cancelled after each test.
 */
public abstract class SyncITBase {

    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final Duration TIMEOUT = Duration.ofMinutes(2);

    protected StandInMongo mongo;
    protected MongoClient client;
    protected ElasticsearchHttp es;
    private JobClient job;
    /** The REST API of the job's MiniCluster, as the web UI uses it. */
    protected String restUrl;

    @BeforeEach
    void startServices() {
        es = elasticsearchHttp();
        mongo = StandInMongo.start(0);
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterEach
    void stopServices() throws Exception {
        if (job != null) {
            try {
                job.cancel().get();
            } catch (Exception e) {
                // the job failed or finished already; its status was asserted by the test
            }
        }
        client.close();
        mongo.close();
    }

    /** The Elasticsearch the tests write to: the JVM's shared 7.17, unless a test class brings its own. */
    protected String elasticsearchUrl() {
        return SharedElasticsearch.url();
    }

    /** How the test itself talks to {@link #elasticsearchUrl()}. */
    protected ElasticsearchHttp elasticsearchHttp() {
        return new ElasticsearchHttp(elasticsearchUrl());
    }

    /** Runs the job with the given settings (key, value pairs) on top of the test servers. */
    protected JobClient startJob(String... settings) throws Exception {
        JobParams params = new JobParams()
                .put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", elasticsearchUrl())
                .put("checkpoint-interval", "2s")
                .put("elasticsearch-max-seconds", "200ms");
        for (int i = 0; i < settings.length; i += 2) {
            params.put(settings[i], settings[i + 1]);
        }
        Configuration cluster = new Configuration();
        int restPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            restPort = socket.getLocalPort();
        }
        cluster.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        cluster.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, 500L);
        restUrl = "http://localhost:" + restPort;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, cluster);
        env.setRestartStrategy(RestartStrategies.noRestart());
        SyncJob.define(env, SyncConfig.from(params.toConfiguration()));
        job = env.executeAsync();
        return job;
    }

    /** The failure of a job that must fail within the timeout. */
    protected static Throwable awaitFailure(JobClient job) {
        try {
            job.getJobExecutionResult().get(TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the job finished instead of failing");
    }

    protected MongoCollection<org.bson.Document> collection(String namespace) {
        int dot = namespace.indexOf('.');
        return client.getDatabase(namespace.substring(0, dot)).getCollection(namespace.substring(dot + 1));
    }

    protected void deleteIndex(String index) {
        es.delete("/" + index);
    }

    /** Every document of the index by _id, read with a scroll so any size works. */
    protected Map<String, JsonNode> indexDocuments(String index) {
        es.post("/" + index + "/_refresh", "");
        Map<String, JsonNode> documents = new HashMap<>();
        JsonNode page = es.post("/" + index + "/_search?scroll=1m", "{\"size\":2000,\"query\":{\"match_all\":{}}}");
        while (page.path("hits").path("hits").size() > 0) {
            for (JsonNode hit : page.path("hits").path("hits")) {
                documents.put(hit.path("_id").asText(), hit.path("_source"));
            }
            page = es.post("/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + page.path("_scroll_id").asText() + "\"}");
        }
        return documents;
    }

    /** Every document of the collection by its Elasticsearch _id, converted as the job converts it. */
    protected Map<String, JsonNode> collectionDocuments(String namespace, String idField) throws Exception {
        Map<String, JsonNode> documents = new HashMap<>();
        for (BsonDocument document : collection(namespace).withDocumentClass(BsonDocument.class).find()) {
            documents.put(DocumentIds.canonical(document.get("_id")),
                    JSON.readTree(BsonJsonWriter.toSourceJson(document, idField)));
        }
        return documents;
    }

    /** Document by document: none missing, none extra, none stale. */
    protected void assertIndexEqualsCollection(String namespace, String index) throws Exception {
        Map<String, JsonNode> expected = collectionDocuments(namespace, "mongo_id");
        Map<String, JsonNode> actual = indexDocuments(index);
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(actual.keySet());
        TreeSet<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        TreeSet<String> stale = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : expected.entrySet()) {
            JsonNode indexed = actual.get(entry.getKey());
            if (indexed != null && !indexed.equals(entry.getValue())) {
                stale.add(entry.getKey());
            }
        }
        assertThat(missing).as("documents missing from %s", index).isEmpty();
        assertThat(extra).as("documents in %s that MongoDB does not have", index).isEmpty();
        assertThat(stale).as("documents in %s that differ from MongoDB", index).isEmpty();
    }

    /** Inserts {@code count} documents {_id: ObjectId, n: i, title: "movie i"}; their ids in order. */
    protected static List<ObjectId> seed(MongoCollection<org.bson.Document> docs, int count) {
        List<ObjectId> ids = new ArrayList<>();
        List<org.bson.Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectId id = new ObjectId();
            ids.add(id);
            batch.add(new org.bson.Document("_id", id).append("n", i).append("title", "movie " + i));
            if (batch.size() == 5000) {
                docs.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            docs.insertMany(batch);
        }
        return ids;
    }

    /**
     * Seeds {@code count} documents into {@code namespace} (see {@link #seed}), starts the job copying
     * it into {@code index} with these settings too, and waits until the index holds them all.
     */
    protected List<ObjectId> seedAndSync(String namespace, String index, int count, String... settings) throws Exception {
        List<ObjectId> ids = seed(collection(namespace), count);
        List<String> all = new ArrayList<>(List.of("direct-read-namespaces", namespace, "index-mapping", namespace + ":" + index));
        all.addAll(List.of(settings));
        startJob(all.toArray(String[]::new));
        awaitCount(index, count);
        return ids;
    }

    /** The settings of a command (verify, rebuild) for {@code namespace} in {@code index} on the test servers. */
    protected SyncConfig commandConfig(String namespace, String index, JobParams more) {
        JobParams params = new JobParams().put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", elasticsearchUrl()).put("direct-read-namespaces", namespace)
                .put("index-mapping", namespace + ":" + index);
        return SyncConfig.from(params.putAll(more).toConfiguration());
    }

    protected static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected void awaitCount(String index, long expected) {
        Await.until(TIMEOUT, () -> es.count(index) == expected,
                () -> index + " has " + es.count(index) + " documents, expected " + expected);
    }
}
