package io.mongoessync.it;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drops, renames and dropped databases, which the CDC connector ignores: the job's own watcher sees
 * them, the documents go from Elasticsearch at the drop's version, a collection created again under
 * the old name syncs afresh, and a collection renamed into the sync is read and indexed.
 */
class DropsAndRenamesIT extends SyncITBase {

    private void seed(String namespace, int count) {
        MongoCollection<Document> collection = collection(namespace);
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            documents.add(new Document("_id", "d" + i).append("title", namespace + " " + i));
        }
        collection.insertMany(documents);
    }

    @Test
    void dropsRenamesAndDroppedDatabasesReachElasticsearch() throws Exception {
        for (String index : List.of("ddl.dropme", "ddl.keep", "ddl.old", "ddl.renamed", "ddlother.a", "ddlother.b")) {
            deleteIndex(index);
        }
        seed("ddl.dropme", 100);
        seed("ddl.keep", 50);
        seed("ddl.old", 30);
        seed("ddlother.a", 20);
        seed("ddlother.b", 10);
        startJob("direct-read-namespaces", "ddl.*,ddlother.*", "change-stream-namespaces", "ddl.*,ddlother.*");
        awaitCount("ddl.dropme", 100);
        awaitCount("ddl.old", 30);
        awaitCount("ddlother.b", 10);

        collection("ddl.dropme").drop();
        awaitCount("ddl.dropme", 0);
        seed("ddl.dropme", 10);
        awaitCount("ddl.dropme", 10);
        assertIndexEqualsCollection("ddl.dropme", "ddl.dropme");

        client.getDatabase("ddl").getCollection("old").renameCollection(new com.mongodb.MongoNamespace("ddl", "renamed"));
        awaitCount("ddl.old", 0);
        awaitCount("ddl.renamed", 30);
        collection("ddl.renamed").updateOne(Filters.eq("_id", "d3"), Updates.set("title", "乘风破浪的程序媛"));
        Await.until(TIMEOUT, () -> es.get("/ddl.renamed/_doc/d3").path("_source").path("title").asText().equals("乘风破浪的程序媛"),
                () -> "the renamed collection is not followed");
        assertIndexEqualsCollection("ddl.renamed", "ddl.renamed");

        client.getDatabase("ddlother").drop();
        awaitCount("ddlother.a", 0);
        awaitCount("ddlother.b", 0);
        assertThat(es.count("ddl.keep")).as("other collections untouched").isEqualTo(50);
        assertIndexEqualsCollection("ddl.keep", "ddl.keep");
    }
}
