package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.embedded.FlinkSessionCluster;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SharedElasticsearch;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade path users take, on a real session cluster started from the Maven jars and driven by
 * the real {@code flink} command line: run, stop with a savepoint, change MongoDB while stopped,
 * run an upgraded job from the savepoint at another parallelism.
 *
 * <p>{@code -Dupgrade.from.jar=<an older build's target/mongo-es-sync.jar>} runs the first job from
 * that jar, so the upgrade is from an older release's savepoint to this build.
 */
class SessionClusterUpgradeIT extends SyncITBase {

    private static final String THIS_BUILD = "target/mongo-es-sync.jar";
    private static final String UPGRADED_FROM = System.getProperty("upgrade.from.jar", THIS_BUILD);

    private static final String NS = "mydb.hotmovies";
    private static final String V1 = "session-movies";
    private static final String V2 = "session-movies-v2";
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private FlinkSessionCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** {@code flink run -d <flinkOptions> jar <settings> --index-mapping <mapping>}. */
    private String submit(Path workDir, String jar, List<String> flinkOptions, String mapping) {
        return submit(workDir, jar, flinkOptions, "--direct-read-namespaces", NS, "--index-mapping", mapping);
    }

    /** {@code flink run -d <flinkOptions> jar <connections, checkpoints> <settings>}. */
    private String submit(Path workDir, String jar, List<String> flinkOptions, String... settings) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(flinkOptions);
        args.addAll(List.of(Paths.get(jar).toAbsolutePath().toString(),
                "--mongo-url", mongo.connectionString(), "--elasticsearch-urls", SharedElasticsearch.url(),
                "--checkpoint-interval", "2s", "--elasticsearch-max-seconds", "200ms"));
        args.addAll(List.of(settings));
        FlinkSessionCluster.CliResult result = cluster.cli(workDir, args.toArray(new String[0]));
        assertThat(result.exitCode).as(result.output).isZero();
        Matcher id = JOB_ID.matcher(result.output);
        assertThat(id.find()).as(result.output).isTrue();
        String jobId = id.group(1);
        Await.until(TIMEOUT, () -> String.valueOf(cluster.rest("/jobs/" + jobId)).contains("\"state\":\"RUNNING\""),
                () -> "job " + jobId + ": " + cluster.rest("/jobs/" + jobId));
        return jobId;
    }

    /**
     * Tika and POI need newer commons-compress and commons-lang3 than the cluster's lib/ has; the
     * job jar carries them, and the cluster's child-first class loading must give the job those.
     */
    @Test
    void gridFsFilesGetTheirTextOnASessionCluster() throws Exception {
        String index = "session-files";
        deleteIndex(index);
        com.mongodb.client.gridfs.GridFSBucket bucket = com.mongodb.client.gridfs.GridFSBuckets.create(client.getDatabase("users"));
        String docx = bucket.uploadFromStream("a.docx", new java.io.ByteArrayInputStream(
                io.mongoessync.testing.SampleFiles.docx("A report on the vermilion lighthouse"))).toHexString();
        cluster = FlinkSessionCluster.start(Paths.get("target/lib"), Paths.get("flink-conf"));
        submit(cluster.home(), THIS_BUILD, List.of("-p", "2"), "--direct-read-namespaces", "users.fs.files",
                "--index-mapping", "users.fs.files:" + index, "--index-files", "true", "--file-namespaces", "users.fs.files");
        String pdf = bucket.uploadFromStream("b.pdf", new java.io.ByteArrayInputStream(
                io.mongoessync.testing.SampleFiles.pdf("Minutes of the saffron committee"))).toHexString();
        awaitCount(index, 2);
        Await.until(TIMEOUT, () -> es.get("/" + index + "/_doc/" + pdf).path("_source").path("file").has("content"),
                () -> "no text for " + pdf + ": " + es.get("/" + index + "/_doc/" + pdf));
        assertThat(es.get("/" + index + "/_doc/" + docx).path("_source").path("file").path("content").asText())
                .isEqualTo("A report on the vermilion lighthouse");
        assertThat(es.get("/" + index + "/_doc/" + pdf).path("_source").path("file").path("content").asText())
                .isEqualTo("Minutes of the saffron committee");
    }

    @Test
    void stopWithSavepointThenRunUpgradedAndRescaledFromIt() throws Exception {
        deleteIndex(V1);
        deleteIndex(V2);
        MongoCollection<Document> movies = collection(NS);
        movies.insertMany(SampleData.movies(1000));
        cluster = FlinkSessionCluster.start(Paths.get("target/lib"), Paths.get("flink-conf"));
        Path workDir = cluster.home();

        String first = submit(workDir, UPGRADED_FROM, List.of("-p", "1"), NS + ":" + V1);
        assertThat(cluster.rest("/")).as("web UI").contains("Apache Flink Web Dashboard");
        awaitCount(V1, 1000);

        Random random = new Random(3);
        Set<Integer> changedBefore = change(movies, random, 1001);
        Await.until(TIMEOUT, () -> sameAsMongo(V1, NS), () -> V1 + " differs from MongoDB");
        Await.until(TIMEOUT, () -> cluster.prometheusMetrics().contains("_copied{"),
                () -> "no per-namespace counts from the Prometheus reporter");
        // One subtask at parallelism 1: its copied count is the whole collection.
        assertThat(cluster.prometheusMetrics())
                .containsPattern("namespace_copied\\{[^}]*namespace=\"mydb_hotmovies\"[^}]*\\} 1000\\.0");

        FlinkSessionCluster.CliResult stop = cluster.cli(workDir, "stop", "--savepointPath",
                workDir.resolve("savepoints").toUri().toString(), first);
        Matcher savepoint = SAVEPOINT.matcher(stop.output);
        assertThat(savepoint.find()).as(stop.output).isTrue();
        Map<String, JsonNode> v1AtStop = indexDocuments(V1);

        // Changes while the job is down, then the upgraded job (new index mapping) at parallelism 2.
        Set<Integer> deletedWhileDown = new HashSet<>();
        Set<Integer> changedWhileDown = change(movies, random, 2001, deletedWhileDown);
        String second = submit(workDir, THIS_BUILD, List.of("-p", "2", "-s", savepoint.group(1)), NS + ":" + V2);
        assertThat(second).isNotEqualTo(first);
        Set<Integer> changedAfter = change(movies, random, 3001, deletedWhileDown);

        Set<Integer> expectedInV2 = new HashSet<>(changedWhileDown);
        expectedInV2.addAll(changedAfter);
        expectedInV2.removeAll(deletedWhileDown);
        Await.until(TIMEOUT, () -> es.count(V2) == expectedInV2.size(),
                () -> V2 + " has " + es.count(V2) + ", expected " + expectedInV2.size());

        // No re-snapshot: the new index holds only what changed after the savepoint, each as in MongoDB.
        Map<String, JsonNode> mongoDocs = collectionDocuments(NS, "mongo_id");
        Map<Integer, String> idsByMovie = new HashMap<>();
        mongoDocs.forEach((id, doc) -> idsByMovie.put(doc.path("id").asInt(), id));
        Map<String, JsonNode> v2 = indexDocuments(V2);
        for (int movie : expectedInV2) {
            String id = idsByMovie.get(movie);
            assertThat(v2.get(id)).as("movie %d in %s", movie, V2).isEqualTo(mongoDocs.get(id));
        }
        assertThat(v2).hasSize(expectedInV2.size());
        assertThat(changedBefore).as("changes before the stop stayed in the first index").isNotEmpty();
        // A document lives in one place: those changed or deleted since the savepoint left the first
        // index (the routing operator remembers where each went); the others stayed as they were.
        Set<Integer> touched = new HashSet<>(changedWhileDown);
        touched.addAll(changedAfter);
        touched.addAll(deletedWhileDown);
        Map<String, JsonNode> expectedV1 = new HashMap<>();
        v1AtStop.forEach((id, doc) -> {
            if (!touched.contains(doc.path("id").asInt())) {
                expectedV1.put(id, doc);
            }
        });
        assertThat(expectedV1.size()).isLessThan(v1AtStop.size());
        Await.until(TIMEOUT, () -> indexDocuments(V1).equals(expectedV1),
                () -> V1 + " has " + indexDocuments(V1).size() + " documents, expected " + expectedV1.size());

        String status = cluster.rest("/jobs/" + second);
        assertThat(status).contains("\"parallelism\":2");
        cluster.cli(workDir, "cancel", second);
    }

    private boolean sameAsMongo(String index, String ns) {
        try {
            assertIndexEqualsCollection(ns, index);
            return true;
        } catch (AssertionError | Exception e) {
            return false;
        }
    }

    private static Set<Integer> change(MongoCollection<Document> movies, Random random, int firstNewId) {
        return change(movies, random, firstNewId, new HashSet<>());
    }

    /** Inserts 5 movies, updates 10 and deletes 3; returns the movie ids changed and not deleted. */
    private static Set<Integer> change(MongoCollection<Document> movies, Random random, int firstNewId, Set<Integer> deleted) {
        Set<Integer> changed = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            movies.insertOne(SampleData.movie(firstNewId + i, random));
            changed.add(firstNewId + i);
        }
        for (int i = 0; i < 10; i++) {
            int movie = 1 + random.nextInt(1000);
            if (movies.updateOne(Filters.eq("id", movie), Updates.inc("vote_count", 1)).getModifiedCount() == 1) {
                changed.add(movie);
            }
        }
        for (int i = 0; i < 3; i++) {
            int movie = 1 + random.nextInt(1000);
            if (movies.deleteOne(Filters.eq("id", movie)).getDeletedCount() == 1) {
                deleted.add(movie);
                changed.remove(movie);
            }
        }
        return changed;
    }
}
