package io.mongoessync.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.LocalRunProcess;
import io.mongoessync.testing.Printed;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** rebuild swaps a fresh copy in behind the alias while the job streams and searches go on. */
class IndexRebuildIT extends SyncITBase {

    private static final int DOCUMENTS = 50_000;
    private static final int MAX_DELETES = 300;

    private final Printed printed = new Printed();

    @Test
    void searchesNeverSeeAPartialIndexWhileTheJobStreams() throws Exception {
        String ns = "mydb.rebuild";
        String name = "rebuild-test";
        clear(name);
        MongoCollection<Document> docs = collection(ns);
        List<ObjectId> ids = seedAndSync(ns, name, DOCUMENTS);
        // The first rebuild migrates the job's concrete index to an alias over rebuild-test-v1; the one
        // measured here then swaps in rebuild-test-v2 while searches and changes go on.
        new IndexRebuild(config(ns, name), out()).rebuild(client, new Namespace("mydb", "rebuild"), true);
        assertThat(output()).contains(name + " now points to " + name + "-v1; " + name + " deleted");
        printed.reset();

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger deletes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random random = new Random(11);
            while (running.get()) {
                docs.updateOne(Filters.eq("_id", ids.get(random.nextInt(DOCUMENTS))), Updates.inc("n", 1));
                docs.insertOne(new Document("_id", new ObjectId()).append("n", -1));
                if (deletes.get() < MAX_DELETES) {
                    docs.deleteOne(Filters.eq("_id", ids.get(DOCUMENTS - 1 - deletes.getAndIncrement())));
                }
                pause(10);
            }
        }, "rebuild-writer");
        AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger searches = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread searcher = new Thread(() -> {
            while (running.get()) {
                JsonNode answer = es.get("/" + name + "/_count");
                if (answer.has("count")) {
                    lowest.accumulateAndGet(answer.path("count").asLong(), Math::min);
                } else {
                    failures.add(answer.toString());
                }
                searches.incrementAndGet();
            }
        }, "rebuild-searcher");
        writer.start();
        searcher.start();
        try {
            new IndexRebuild(config(ns, name), out()).rebuild(client, new Namespace("mydb", "rebuild"), true);
        } finally {
            running.set(false);
            writer.join();
            searcher.join();
        }
        assertThat(output()).contains("copied").contains(name + " now points to " + name + "-v2")
                .contains("rebuilt (").contains(name + "-v1 deleted");
        assertThat(failures).as("failed searches").isEmpty();
        assertThat(searches.get()).isGreaterThan(10);
        assertThat(lowest.get()).as("the fewest documents a search counted").isGreaterThanOrEqualTo(DOCUMENTS - MAX_DELETES);
        assertThat(es.get("/_alias/" + name).fieldNames()).toIterable().containsExactly(name + "-v2");
        assertThat(es.get("/" + name + "-v1").has("error")).isTrue();

        // The job goes on writing through the alias.
        docs.insertOne(new Document("_id", new ObjectId()).append("n", -2));
        awaitCount(name, docs.countDocuments());
        Await.until(TIMEOUT, () -> new Verify(config(ns, name), out(), 10).run(), this::output);
    }

    @Test
    void aRebuildKilledDuringItsCopyIsRolledBackByTheNext() throws Exception {
        String ns = "mydb.rebuildkill";
        String name = "rebuild-kill-test";
        clear(name);
        seedAndSync(ns, name, DOCUMENTS);

        try (LocalRunProcess rebuild = LocalRunProcess.start("rebuild", "--mongo-url", mongo.connectionString(),
                "--elasticsearch-urls", elasticsearchUrl(), "--direct-read-namespaces", ns, "--index-mapping", ns + ":" + name)) {
            Await.until(TIMEOUT, () -> es.get("/" + name + "-v1/_count").path("count").asLong() > 0, rebuild::output);
            rebuild.kill();
        }
        assertThat(es.get("/" + name + "/_count").path("count").asLong()).as("searches still see the old index").isEqualTo(DOCUMENTS);

        new IndexRebuild(config(ns, name), out()).run();
        assertThat(output()).contains("deleting " + name + "-v1, left by a rebuild stopped before its swap")
                .contains(name + " now points to " + name + "-v2");
        assertThat(es.get("/" + name + "-v1").has("error")).isTrue();
        assertThat(es.get("/_alias/" + name).fieldNames()).toIterable().containsExactly(name + "-v2");
        assertThat(new Verify(config(ns, name), out(), 10).run()).as(output()).isTrue();
    }

    @Test
    void aRebuildStoppedAfterItsSwapCatchesUpOnTheNextRun() throws Exception {
        String ns = "mydb.rebuildswap";
        String name = "rebuild-swap-test";
        clear(name);
        MongoCollection<Document> docs = collection(ns);
        List<ObjectId> ids = seed(docs, 1000);
        // No job runs: whatever reaches the index after the swap comes from the rebuild's catch-up.
        new IndexRebuild(config(ns, name), out()).rebuild(client, new Namespace("mydb", "rebuildswap"), false);
        assertThat(es.get("/" + name + "-v1/_mapping").path(name + "-v1").path("mappings").path("_meta")
                .path(IndexGenerations.MARK).has("catch_up_from")).isTrue();

        docs.insertOne(new Document("_id", new ObjectId()).append("n", -1));
        docs.deleteMany(Filters.in("_id", ids.subList(0, 3)));
        docs.updateMany(Filters.in("_id", ids.subList(10, 14)), Updates.set("n", 42));
        printed.reset();
        new IndexRebuild(config(ns, name), out()).run();
        assertThat(output()).contains("stopped before catching up; catching up now").doesNotContain("-v2");
        assertThat(es.get("/" + name + "-v1/_mapping").path(name + "-v1").path("mappings").path("_meta")
                .path(IndexGenerations.MARK).isMissingNode() || es.get("/" + name + "-v1/_mapping").path(name + "-v1")
                .path("mappings").path("_meta").path(IndexGenerations.MARK).isNull()).isTrue();
        assertThat(new Verify(config(ns, name), out(), 10).run()).as(output()).isTrue();
    }

    private void clear(String name) {
        es.delete("/" + name + "," + name + "-v*");
    }


    private SyncConfig config(String ns, String name) {
        return commandConfig(ns, name, new JobParams());
    }

    private PrintStream out() {
        return printed.stream();
    }

    private String output() {
        return printed.text();
    }

}
