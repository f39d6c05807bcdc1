package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.Namespace;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.clusterframework.ApplicationStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import java.util.concurrent.TimeUnit;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.BatchInsert;
import io.mongoessync.testing.ChurnWriter;
import io.mongoessync.testing.KillableCluster;
import io.mongoessync.testing.LogWatch;
import io.mongoessync.testing.SharedElasticsearch;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever fails, Elasticsearch ends up equal to MongoDB: TaskManagers killed during the copy and
 * during streaming, Elasticsearch down for 20 s, and a failure after a bulk was written but before
 * the checkpoint covering it. A writer keeps changing MongoDB throughout; each test ends with
 * {@code verify}'s document-by-document compare and reports what happened.
 */
class FailureRecoveryIT extends SyncITBase {

    private static final String NS = "mydb.churn";
    /** What the copy logs once it has read its collection to the end. */
    private static final String SNAPSHOT_DONE = "read to its end";

    private KillableCluster killable;
    private MiniCluster cluster;
    private LogWatch log;
    /** The settings of the job submitted last, which verify shapes MongoDB's side by. */
    private SyncConfig submitted;

    @BeforeEach
    void startCluster() throws Exception {
        killable = new KillableCluster();
        cluster = killable.miniCluster();
        log = new LogWatch();
    }

    @AfterEach
    void stopCluster() throws Exception {
        killable.close();
    }

    private JobID submit(String esUrl, String index, String... settings) throws Exception {
        return submit(config(esUrl, index, settings), null);
    }

    private JobID submit(String esUrl, String index, String savepoint, String[] settings) throws Exception {
        return submit(config(esUrl, index, settings), savepoint);
    }

    private JobID submit(SyncConfig config, String savepoint) throws Exception {
        submitted = config;
        return killable.submit(config, savepoint);
    }

    private SyncConfig config(String esUrl, String index, String... settings) {
        JobParams params = new JobParams()
                .put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", esUrl)
                .put("direct-read-namespaces", NS)
                .put("index-mapping", NS + ":" + index)
                .put("checkpoint-interval", "1s")
                .put("elasticsearch-max-seconds", "200ms");
        for (int i = 0; i < settings.length; i += 2) {
            params.put(settings[i], settings[i + 1]);
        }
        return SyncConfig.from(params.toConfiguration());
    }

    private void awaitRunning(JobID job) {
        killable.awaitRunning(job, TIMEOUT);
    }

    /** Kills the TaskManager three times, each a while after the job runs again, and checks it restarted each time. */
    private void killThreeTimes(JobID job, long runningMillis, java.util.function.IntConsumer beforeKill) throws Exception {
        for (int kill = 1; kill <= 3; kill++) {
            awaitRunning(job);
            Thread.sleep(runningMillis);
            beforeKill.accept(kill);
            killTaskManager();
        }
        awaitRunning(job);
        assertThat(restarts(job)).as("restarts from a checkpoint after the kills").isEqualTo(3);
    }

    private void killTaskManager() throws Exception {
        killable.killTaskManager();
    }

    private void seed(MongoCollection<Document> churn, int count, int padding) {
        mongo.recordChanges(false);
        BatchInsert.insert(churn, 0, count, id -> new Document("_id", ChurnWriter.id(id)).append("title", "movie " + id)
                .append("vote_count", 0).append("overview", "x".repeat(padding)));
        mongo.recordChanges(true);
    }

    /** Waits until the index equals the collection, then prints what the run went through. */
    private void assertConverged(String test, JobID job, ElasticsearchHttp http, String index, ChurnWriter writer, int kills) {
        Await.until(Duration.ofMinutes(3), () -> sameAsMongo(http, index), () -> difference(http, index));
        System.out.printf("%s: %d writes during the run, %d failures injected, %d job restarts, %d replayed writes "
                        + "ignored as 409, %d documents compared, 0 missing, 0 extra, 0 stale%n",
                test, writer.operations(), kills, restarts(job), log.ignoredConflicts(), collection(NS).countDocuments());
    }

    private long restarts(JobID job) {
        return log.count("(" + job + ") switched from state RUNNING to RESTARTING");
    }

    private boolean sameAsMongo(ElasticsearchHttp http, String index) {
        return difference(http, index).isEmpty();
    }

    /** Empty when verify finds the index equal to the collection; otherwise what it found. */
    private String difference(ElasticsearchHttp http, String index) {
        Verify.Result result = new Verify(submitted, new PrintStream(OutputStream.nullOutputStream()), 10)
                .compare(client, http, Namespace.parse("test", NS), index);
        return result.inSync() ? "" : String.format("MongoDB %d, Elasticsearch %d, missing %d %s, extra %d %s, stale %d %s%s",
                result.mongoCount, result.indexCount, result.missingTotal, result.missing, result.extraTotal, result.extra,
                result.staleTotal, result.stale, result.unordered ? ", ids unordered" : "")
                + (result.stale.isEmpty() ? "" : "; first stale in Elasticsearch " + http.get("/" + index + "/_doc/" + result.stale.get(0))
                        .path("_source") + ", in MongoDB " + collection(NS).find(Filters.eq("_id", result.stale.get(0))).first())
                + explain(http, index, result.stale) + explain(http, index, result.extra);
    }

    /** The first id's Elasticsearch version and change history, which tell which write won and which was lost. */
    private String explain(ElasticsearchHttp http, String index, java.util.List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        long version = http.get("/" + index + "/_doc/" + ids.get(0)).path("_version").asLong();
        return String.format("; %s has version %d:%d in Elasticsearch, and in the change log %s", ids.get(0), version >>> 32,
                version & 0xFFFFFFFFL, mongo.historyOf(NS, ids.get(0)));
    }

    @Test
    void taskManagerKilledThreeTimesDuringTheCopy() throws Exception {
        String index = "failure-snapshot";
        deleteIndex(index);
        MongoCollection<Document> churn = collection(NS);
        // Enough for the copy to outlast three kills: with the copy's UTF-8 transcoder and two requests
        // per bulk, 40,000 documents were once copied before the third.
        seed(churn, 80_000, 400);
        JobID job = submit(SharedElasticsearch.url(), index, "direct-read-split-size-mb", "1");
        ChurnWriter writer = new ChurnWriter(churn, 80_000, 11);
        killThreeTimes(job, 1500, kill ->
                assertThat(log.contains(SNAPSHOT_DONE)).as("copy still running at kill %d", kill).isFalse());
        Await.until(TIMEOUT, () -> log.contains(SNAPSHOT_DONE), () -> "copy never finished");
        Thread.sleep(2000);
        writer.close();
        assertConverged("kill x3 during copy", job, es, index, writer, 3);
    }

    /**
     * Copies 2,000 documents, then kills the TaskManager three times while a writer keeps changing
     * 300 of them; Elasticsearch must end equal to MongoDB.
     */
    private void killThreeTimesWhileStreaming(String test, String index, long writerSeed, java.util.function.IntConsumer beforeKill,
            String... settings) throws Exception {
        deleteIndex(index);
        MongoCollection<Document> churn = collection(NS);
        seed(churn, 2_000, 50);
        JobID job = submit(SharedElasticsearch.url(), index, settings);
        Await.until(TIMEOUT, () -> log.contains(SNAPSHOT_DONE), () -> "copy never finished");
        ChurnWriter writer = new ChurnWriter(churn, 300, writerSeed);
        killThreeTimes(job, 3000, beforeKill);
        Thread.sleep(2000);
        writer.close();
        assertConverged(test, job, es, index, writer, 3);
    }

    @Test
    void taskManagerKilledThreeTimesWhileStreaming() throws Exception {
        killThreeTimesWhileStreaming("kill x3 while streaming", "failure-stream", 12, kill -> { });
    }

    /**
     * Ids of eight types in one collection, under kills during the copy and the stream: none may
     * lose its document or take another's, and verify compares them all (it compared counts only).
     */
    @Test
    void mixedIdTypesSurviveKillsDocumentByDocument() throws Exception {
        String index = "failure-mixed-ids";
        deleteIndex(index);
        MongoCollection<Document> churn = collection(NS);
        mongo.recordChanges(false);
        BatchInsert.insert(churn, 0, 4_000, n -> new Document("_id", mixedId(n)).append("title", "movie " + n).append("vote_count", 0));
        mongo.recordChanges(true);
        JobID job = submit(SharedElasticsearch.url(), index, "direct-read-split-size-mb", "1");
        ChurnWriter writer = new ChurnWriter(churn, 4_000, 14, FailureRecoveryIT::mixedId);
        killThreeTimes(job, 2000, kill -> { });
        Thread.sleep(2000);
        writer.close();
        assertConverged("kill x3 with mixed _id types", job, es, index, writer, 3);
    }

    /**
     * A collection dropped and at once filled again with the same ids, under kills: the drop and the
     * refill come by two streams, and the refill must survive whichever reaches the routing operator
     * first, in the first run and in every replay.
     */
    @Test
    void dropAndRefillUnderKills() throws Exception {
        MongoCollection<Document> churn = collection(NS);
        killThreeTimesWhileStreaming("drop and refill x3 under kills", "failure-drop-refill", 16, kill -> {
            churn.drop();
            // Upserts: the writer may have created some of these ids again already.
            for (int n = 0; n < 1_500; n++) {
                churn.replaceOne(Filters.eq("_id", ChurnWriter.id(n)), new Document("_id", ChurnWriter.id(n)).append("title", "refill " + kill),
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
            }
        });
    }

    /** index-as-update's merges under kills: replays of updates without versions still converge to MongoDB. */
    @Test
    void indexAsUpdateSurvivesKills() throws Exception {
        killThreeTimesWhileStreaming("kill x3 with index-as-update", "failure-index-as-update", 15, kill -> { },
                "index-as-update", "true");
    }

    /** Document n's id: int, long, double, string, ObjectId, date, UUID or compound, never equal across types. */
    private static Object mixedId(int n) {
        switch (n % 8) {
            case 0:
                return n;
            case 1:
                return 5_000_000_000L + n;
            case 2:
                return n + 0.5;
            case 3:
                return "s" + n;
            case 4:
                return new org.bson.types.ObjectId(String.format("%024x", n));
            case 5:
                return new java.util.Date(n * 1000L);
            case 6:
                return new org.bson.BsonBinary(new java.util.UUID(0, n));
            default:
                return new Document("a", n).append("b", "x");
        }
    }

    @Test
    void elasticsearchDownForTwentySeconds() throws Exception {
        String index = "failure-es-down";
        try (EmbeddedElasticsearch own = EmbeddedElasticsearch.start()) {
            ElasticsearchHttp http = new ElasticsearchHttp(own.url());
            MongoCollection<Document> churn = collection(NS);
            seed(churn, 2_000, 50);
            // Retries ride out short outages; a short budget makes this one reach the restart path too.
            JobID job = submit(own.url(), index, "elasticsearch-retry-max-time", "5s");
            Await.until(TIMEOUT, () -> log.contains(SNAPSHOT_DONE), () -> "copy never finished");
            ChurnWriter writer = new ChurnWriter(churn, 300, 13);
            Thread.sleep(2000);
            own.stop();
            Thread.sleep(20_000);
            own.restart();
            awaitRunning(job);
            Thread.sleep(2000);
            writer.close();
            assertThat(log.contains("retrying them in")).as("the sink retried before giving up").isTrue();
            assertThat(log.contains("Complete bulk has failed")).as("the outage outlasted the retries").isTrue();
            assertConverged("Elasticsearch down 20 s", job, http, index, writer, 1);
        }
    }

    @Test
    void failureAfterABulkIsWrittenButBeforeItsCheckpointReplaysWithoutResurrecting() throws Exception {
        String index = "failure-replay";
        deleteIndex(index);
        MongoCollection<Document> churn = collection(NS);
        seed(churn, 500, 50);
        // Checkpoints far apart, bulks flushed at once: the window between them is wide and known.
        JobID job = submit(SharedElasticsearch.url(), index, "checkpoint-interval", "20s");
        Await.until(Duration.ofMinutes(1), () -> log.contains(SNAPSHOT_DONE), () -> "copy never finished");
        awaitCount(index, 500);
        Await.until(TIMEOUT, () -> completedCheckpoints(job) >= 2, () -> "no second checkpoint");
        long checkpointsBefore = completedCheckpoints(job);

        // Insert then delete the same documents, and update others; wait until Elasticsearch has all of it.
        for (int id = 10_000; id < 10_050; id++) {
            churn.insertOne(new Document("_id", ChurnWriter.id(id)).append("title", "short-lived"));
        }
        churn.deleteMany(Filters.gte("_id", ChurnWriter.id(10_000)));
        for (int id = 0; id < 100; id++) {
            churn.updateOne(Filters.eq("_id", ChurnWriter.id(id)), new Document("$set", new Document("title", "updated " + id)));
        }
        Await.until(TIMEOUT, () -> sameAsMongo(es, index), () -> "changes not yet in Elasticsearch");
        assertThat(completedCheckpoints(job)).as("no checkpoint covered the written bulks yet").isEqualTo(checkpointsBefore);

        killTaskManager();
        awaitRunning(job);
        Await.until(TIMEOUT, () -> log.ignoredConflicts() > 0, () -> "the replay met no version conflict");
        Await.until(TIMEOUT, () -> sameAsMongo(es, index), () -> index + " differs after the replay");
        for (int id = 10_000; id < 10_050; id++) {
            JsonNode hit = es.get("/" + index + "/_doc/" + ChurnWriter.id(id));
            assertThat(hit.path("found").asBoolean()).as("deleted document %d came back", id).isFalse();
        }
        System.out.printf("replay after flush: %d replayed writes ignored as 409, 50 insert-then-delete documents stayed deleted%n",
                log.ignoredConflicts());
    }

    @Test
    void lostChangeHistoryFailsWithAnExplanationAndResyncLeavesNoStaleDocument() throws Exception {
        String index = "failure-history-lost";
        deleteIndex(index);
        MongoCollection<Document> churn = collection(NS);
        seed(churn, 500, 50);
        String[] settings = {"checkpoint-interval", "1s"};
        JobID first = submit(SharedElasticsearch.url(), index, settings);
        Await.until(TIMEOUT, () -> log.contains(SNAPSHOT_DONE), () -> "copy never finished");
        awaitCount(index, 500);
        Await.until(TIMEOUT, () -> completedCheckpoints(first) >= 2, () -> "no checkpoint after the copy");
        String savepoint = cluster.stopWithSavepoint(first, tempSavepointDir(), false, SavepointFormatType.CANONICAL).get();

        // While the job is stopped: deletes and updates, then the oplog rolls over.
        churn.deleteMany(Filters.lt("_id", ChurnWriter.id(20)));
        churn.updateMany(Filters.gte("_id", ChurnWriter.id(480)), new Document("$set", new Document("title", "changed while down")));
        mongo.loseHistory();
        // An oplog rolls over under writes: MongoDB keeps being written after the point the job lost.
        // A fresh job streams from the start of the second it is defined in, so a write in a later
        // second gives that start an oplog to begin in, as a real rollover would.
        Thread.sleep(1100);
        churn.insertOne(new Document("_id", ChurnWriter.id(9_998)).append("title", "after the rollover"));

        JobID resumed = submit(SharedElasticsearch.url(), index, savepoint, settings);
        JobResult result = cluster.requestJobResult(resumed).get(2, TimeUnit.MINUTES);
        assertThat(result.getApplicationStatus()).isEqualTo(ApplicationStatus.FAILED);
        Throwable failure = result.getSerializedThrowable().get().deserializeError(getClass().getClassLoader());
        assertThat(failure).hasStackTraceContaining("ChangeStreamHistoryLost").hasStackTraceContaining("--resync true");

        // The documented way back: a fresh job with resync, which clears the index itself.
        JobID resynced = submit(config(SharedElasticsearch.url(), index, "resync", "true"), null);
        Await.until(TIMEOUT, () -> sameAsMongo(es, index), () -> index + " differs from MongoDB after the resync");

        // A restore of the resync job (as after a JobManager failover, where main() runs again) must
        // not clear the index again: it resumes without copying, and everything would be gone.
        long checkpoints = completedCheckpoints(resynced);
        Await.until(TIMEOUT, () -> completedCheckpoints(resynced) >= checkpoints + 2, () -> "no checkpoint after the resync");
        killTaskManager();
        awaitRunning(resynced);
        churn.insertOne(new Document("_id", ChurnWriter.id(9_999)).append("title", "after the restore"));
        Await.until(TIMEOUT, () -> sameAsMongo(es, index), () -> index + " differs from MongoDB after the restore");
        assertThat(restarts(resynced)).isEqualTo(1);
        assertThat(log.count("Resync: deleted the indexes [" + index + "]")).as("cleared once, on the fresh start").isEqualTo(1);
        System.out.printf("history lost: the resumed job failed without restarting; resync removed 20 stale documents,"
                + " and its restore kept the index%n");
    }

    private String tempSavepointDir() throws Exception {
        return java.nio.file.Files.createTempDirectory("savepoints").toUri().toString();
    }

    private long completedCheckpoints(JobID job) {
        return killable.completedCheckpoints(job);
    }
}
