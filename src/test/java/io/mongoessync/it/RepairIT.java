package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.JobParams;
import io.mongoessync.source.ClusterClock;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.Printed;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code verify --repair} mends drift made behind the job's back while the job streams, and never overwrites a newer change. */
class RepairIT extends SyncITBase {

    private final Printed printed = new Printed();

    @Test
    void repairsMissingStaleAndExtraDocumentsWhileTheJobStreams() throws Exception {
        String ns = "mydb.repair";
        String index = "repair-test";
        deleteIndex(index);
        MongoCollection<Document> docs = collection(ns);
        List<ObjectId> ids = seedAndSync(ns, index, 3000);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random random = new Random(7);
            while (writing.get()) {
                // Writes touch the first 1,000 documents; the drift below is made among the others, and the
                // repair's compare meets both.
                docs.updateOne(Filters.eq("_id", ids.get(random.nextInt(1000))), Updates.inc("n", 1));
                docs.insertOne(new Document("_id", new ObjectId()).append("n", -1));
                writes.addAndGet(2);
                pause(20);
            }
        }, "repair-writer");
        writer.start();
        try {
            for (int i = 1000; i < 1020; i++) {
                es.delete("/" + index + "/_doc/" + ids.get(i).toHexString());
            }
            for (int i = 1100; i < 1120; i++) {
                String id = ids.get(i).toHexString();
                es.put("/" + index + "/_doc/" + id, "{\"mongo_id\":\"" + id + "\",\"n\":-999,\"stray\":true}");
            }
            for (int i = 0; i < 10; i++) {
                String id = new ObjectId().toHexString();
                es.put("/" + index + "/_doc/" + id, "{\"mongo_id\":\"" + id + "\"}");
            }
            Verify verify = verify(ns, index);
            assertThat(verify.run()).as(output()).isFalse();
            // The writer's changes still on their way count as drift too, so at least the drift made here.
            assertThat(count("missing")).as(output()).isGreaterThanOrEqualTo(20);
            assertThat(count("stale")).as(output()).isGreaterThanOrEqualTo(20);
            assertThat(count("extra")).as(output()).isEqualTo(10);

            printed.reset();
            assertThat(verify.repair()).as(output()).isTrue();
            assertThat(count("repaired:")).as(output()).isGreaterThanOrEqualTo(40);
            assertThat(output()).contains("written, 10 deleted, ").contains("Verifying again ...").endsWith("In sync.\n");
            System.out.println(output());
        } finally {
            writing.set(false);
            writer.join();
        }
        assertThat(writes.get()).isGreaterThan(0);
        awaitCount(index, docs.countDocuments());
        Await.until(TIMEOUT, () -> verify(ns, index).run(), this::output);
        assertIndexEqualsCollection(ns, index);
    }

    @Test
    void leavesADocumentWhoseIndexedVersionIsNewerThanItsRead() throws Exception {
        String ns = "mydb.repairnewer";
        String index = "repair-newer-test";
        deleteIndex(index);
        List<ObjectId> ids = seedAndSync(ns, index, 100);

        // As a change of the running job made after the repair read MongoDB's clock would be.
        String id = ids.get(5).toHexString();
        long later = ClusterClock.now(client) + (1000L << 32);
        es.put("/" + index + "/_doc/" + id + "?version_type=external&version=" + later + "&refresh=true",
                "{\"mongo_id\":\"" + id + "\",\"n\":12345}");

        assertThat(verify(ns, index).repair()).as(output()).isFalse();
        assertThat(output()).contains("repaired: 0 written, 0 deleted, 1 left as newer in Elasticsearch");
        JsonNode kept = es.get("/" + index + "/_doc/" + id);
        assertThat(kept.path("_version").asLong()).isEqualTo(later);
        assertThat(kept.path("_source").path("n").asInt()).isEqualTo(12345);
    }

    /** verify counted soft-delete stubs, which the job keeps on purpose, as extra documents. */
    @Test
    void inSoftDeleteModeStubsAreNoDriftAndAnExtraBecomesOne() throws Exception {
        String ns = "mydb.repairsoft";
        String index = "repair-soft-test";
        deleteIndex(index);
        MongoCollection<Document> docs = collection(ns);
        List<ObjectId> ids = seedAndSync(ns, index, 200, "soft-delete", "true");
        docs.deleteMany(Filters.in("_id", ids.subList(0, 5)));
        Await.until(TIMEOUT, () -> es.post("/" + index + "/_count", "{\"query\":{\"term\":{\"__deleted\":true}}}")
                .path("count").asLong() == 5, () -> "stubs in " + index);

        JobParams soft = new JobParams().put("soft-delete", "true");
        assertThat(verify(ns, index, soft).run()).as(output()).isTrue();

        String extra = new ObjectId().toHexString();
        es.put("/" + index + "/_doc/" + extra + "?refresh=true", "{\"mongo_id\":\"" + extra + "\",\"n\":1}");
        printed.reset();
        assertThat(verify(ns, index, soft).repair()).as(output()).isTrue();
        JsonNode stub = es.get("/" + index + "/_doc/" + extra).path("_source");
        assertThat(stub.path("__deleted").asBoolean()).isTrue();
        assertThat(stub.path("n").asInt()).isEqualTo(1);
        assertThat(stub.path("__deleted_at").asText()).endsWith("Z");
    }


    private Verify verify(String ns, String index) {
        return verify(ns, index, new JobParams());
    }

    private Verify verify(String ns, String index, JobParams more) {
        return new Verify(commandConfig(ns, index, more), printed.stream(), 10);
    }

    /** The first figure printed after {@code label}. */
    private long count(String label) {
        java.util.regex.Matcher figure = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label) + " +(\\d+)").matcher(output());
        assertThat(figure.find()).as("'%s' in %s", label, output()).isTrue();
        return Long.parseLong(figure.group(1));
    }

    private String output() {
        return printed.text();
    }

}
