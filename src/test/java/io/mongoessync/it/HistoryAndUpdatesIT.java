package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The time machine's history index, and index-as-update keeping fields other writers added. */
class HistoryAndUpdatesIT extends SyncITBase {

    @Test
    void everyChangeIsInTheHistoryIndex() throws Exception {
        deleteIndex("history.movies");
        deleteIndex("log.history.movies");
        MongoCollection<Document> movies = collection("history.movies");
        movies.insertOne(new Document("_id", "m0").append("title", "copied"));
        startJob("direct-read-namespaces", "history.movies", "time-machine-namespaces", "history.movies");
        awaitCount("history.movies", 1);
        movies.insertOne(new Document("_id", "m1").append("title", "乘风破浪的程序媛"));
        movies.updateOne(Filters.eq("_id", "m1"), Updates.set("title", "乘风破浪的程序媛 2"));
        movies.deleteOne(Filters.eq("_id", "m1"));
        awaitCount("log.history.movies", 3);

        List<JsonNode> records = new ArrayList<>(indexDocuments("log.history.movies").values());
        records.sort(java.util.Comparator.comparingLong(r -> r.path("version").asLong()));
        assertThat(records).extracting(r -> r.path("operation").asText()).containsExactly("insert", "update", "delete");
        assertThat(records.get(1).path("document").path("title").asText()).isIn("乘风破浪的程序媛 2", "");
        assertThat(records.get(2).path("document").isNull()).isTrue();
        assertThat(records).allMatch(r -> r.path("document_id").asText().equals("m1")
                && r.path("namespace").asText().equals("history.movies") && r.path("cluster_time").asText().endsWith("Z"));
        assertThat(es.count("history.movies")).as("the index itself has only the live document").isEqualTo(1);
    }

    @Test
    void indexAsUpdateKeepsWhatOtherWritersAdded() throws Exception {
        deleteIndex("enriched.movies");
        MongoCollection<Document> movies = collection("enriched.movies");
        movies.insertOne(new Document("_id", "m1").append("title", "first").append("overview", "plot").append("votes", 1));
        movies.insertOne(new Document("_id", "m2").append("title", "second"));
        startJob("direct-read-namespaces", "enriched.movies", "index-as-update", "true");
        awaitCount("enriched.movies", 2);
        // Another writer enriches the document in Elasticsearch.
        es.post("/enriched.movies/_update/m1", "{\"doc\":{\"sentiment\":\"positive\"}}");

        movies.updateOne(Filters.eq("_id", "m1"), Updates.combine(Updates.set("title", "乘风破浪的程序媛"),
                Updates.inc("votes", 1), Updates.unset("overview")));
        Await.until(TIMEOUT, () -> es.get("/enriched.movies/_doc/m1").path("_source").path("title").asText().equals("乘风破浪的程序媛"),
                () -> "update not applied: " + es.get("/enriched.movies/_doc/m1"));
        JsonNode m1 = es.get("/enriched.movies/_doc/m1").path("_source");
        assertThat(m1.path("sentiment").asText()).as("the other writer's field stays").isEqualTo("positive");
        assertThat(m1.path("votes").asInt()).isEqualTo(2);
        assertThat(m1.path("overview").isNull()).as("a removed field becomes null").isTrue();

        movies.replaceOne(Filters.eq("_id", "m2"), new Document("_id", "m2").append("title", "replaced"));
        movies.deleteOne(Filters.eq("_id", "m1"));
        awaitCount("enriched.movies", 1);
        Await.until(TIMEOUT, () -> es.get("/enriched.movies/_doc/m2").path("_source").path("title").asText().equals("replaced"),
                () -> "replace not applied");
    }

    /** After any sequence of changes: MongoDB's fields, null for the ones it no longer has, and the other writer's. */
    @Test
    void indexAsUpdateFollowsReplacesUnsetsAndReinsertsAfterASoftDelete() throws Exception {
        deleteIndex("merged.movies");
        MongoCollection<Document> movies = collection("merged.movies");
        movies.insertOne(new Document("_id", "m1").append("title", "first").append("plot", "p")
                .append("roles", java.util.List.of("a", "b")).append("votes", 1));
        startJob("direct-read-namespaces", "merged.movies", "index-as-update", "true", "soft-delete", "true");
        awaitCount("merged.movies", 1);
        es.post("/merged.movies/_update/m1", "{\"doc\":{\"sentiment\":\"positive\"}}");

        movies.replaceOne(Filters.eq("_id", "m1"), new Document("_id", "m1").append("title", "replaced")
                .append("roles", java.util.List.of("a", "b")).append("votes", 1));
        awaitField("m1", "title", "replaced");
        assertThat(source("m1").path("plot").isNull()).as("the replace dropped plot").isTrue();

        movies.updateOne(Filters.eq("_id", "m1"), Updates.combine(Updates.set("roles.1", "c"), Updates.unset("votes")));
        Await.until(TIMEOUT, () -> source("m1").path("roles").path(1).asText().equals("c"), () -> "array update: " + source("m1"));
        assertThat(source("m1").path("votes").isNull()).as("the $unset beside an array path").isTrue();

        movies.deleteOne(Filters.eq("_id", "m1"));
        Await.until(TIMEOUT, () -> source("m1").path("__deleted").asBoolean(), () -> "not soft-deleted: " + source("m1"));
        movies.insertOne(new Document("_id", "m1").append("title", "again"));
        awaitField("m1", "title", "again");
        JsonNode m1 = source("m1");
        assertThat(m1.path("__deleted").isNull()).as("live again").isTrue();
        assertThat(m1.path("roles").isNull()).isTrue();
        assertThat(m1.path("sentiment").asText()).as("the other writer's field stays").isEqualTo("positive");
    }

    private JsonNode source(String id) {
        return es.get("/merged.movies/_doc/" + id).path("_source");
    }

    private void awaitField(String id, String field, String value) {
        Await.until(TIMEOUT, () -> source(id).path(field).asText().equals(value), () -> field + " not " + value + ": " + source(id));
    }
}
