package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.Sorts;
import io.mongoessync.local.TopMoviesChart;
import io.mongoessync.embedded.SampleData;
import java.util.Comparator;
import java.util.Map;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's walkthrough, step by step, against a real Elasticsearch. */
class WalkthroughIT extends SyncITBase {
    // Elasticsearch8WalkthroughIT and OpenSearchWalkthroughIT run the same walkthrough on their servers.

    private static final String NAMESPACE = "mydb.hotmovies";
    private static final String INDEX = "hotmovies";

    @Test
    void copiesThenFollowsInsertsUpdatesReplacesAndDeletes() throws Exception {
        deleteIndex(INDEX);
        MongoCollection<Document> movies = collection(NAMESPACE);
        List<Document> seed = SampleData.movies(10_000);
        for (int from = 0; from < seed.size(); from += 1000) {
            movies.insertMany(seed.subList(from, from + 1000));
        }

        startJob("direct-read-namespaces", NAMESPACE, "index-mapping", NAMESPACE + ":" + INDEX);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> writeDuringSnapshot(movies, written), "snapshot-writer");
        writer.start();
        writer.join();
        assertThat(written.get()).isGreaterThan(0);

        long expected = movies.countDocuments();
        awaitCount(INDEX, expected);

        // Insert two movies, one with a Chinese title.
        movies.insertOne(new Document("id", 11003).append("title", "乘风破浪的程序媛").append("popularity", 99.5));
        movies.insertOne(new Document("id", 11004).append("title", "英姿飒爽的程序猿").append("popularity", 88.0));
        String both = "{\"query\":{\"bool\":{\"should\":[{\"term\":{\"id\":11003}},{\"term\":{\"id\":11004}}]}}}";
        Await.until(TIMEOUT, () -> hits(both).size() == 2, () -> "found " + hits(both));
        assertThat(titles(hits(both))).containsExactlyInAnyOrder("乘风破浪的程序媛", "英姿飒爽的程序猿");

        // $set the title of 11003.
        movies.updateOne(Filters.eq("id", 11003), Updates.set("title", "乘风破浪的程序媛 2"));
        String first = "{\"query\":{\"term\":{\"id\":11003}}}";
        Await.until(TIMEOUT, () -> titles(hits(first)).contains("乘风破浪的程序媛 2"), () -> "found " + hits(first));

        // Replace a whole document.
        Document old = movies.find(Filters.eq("id", 42)).first();
        movies.replaceOne(Filters.eq("id", 42), new Document("id", 42).append("title", "Replaced").append("vote_count", 1));
        String replaced = "{\"query\":{\"term\":{\"id\":42}}}";
        Await.until(TIMEOUT, () -> titles(hits(replaced)).contains("Replaced"), () -> "found " + hits(replaced));
        JsonNode source = hits(replaced).get(0).path("_source");
        assertThat(source.has("overview")).as("fields of the replaced document are gone").isFalse();
        assertThat(source.path("mongo_id").asText()).isEqualTo(old.getObjectId("_id").toHexString());

        // Delete both new movies.
        movies.deleteMany(Filters.in("id", 11003, 11004));
        Await.until(TIMEOUT, () -> hits(both).isEmpty(), () -> "still found " + hits(both));

        awaitCount(INDEX, movies.countDocuments());
        assertIndexEqualsCollection(NAMESPACE, INDEX);

        // The chart's data: the ten most popular titles, from an aggregation on the index.
        Map<String, Double> top = TopMoviesChart.top10(es, INDEX);
        assertThat(top).hasSize(10);
        double highest = movies.find().sort(Sorts.descending("popularity")).first().getDouble("popularity");
        // Dynamic mapping stores popularity as a float, so the aggregation's maximum is a float.
        assertThat(top.values().iterator().next()).isCloseTo(highest, org.assertj.core.api.Assertions.within(0.001));
        assertThat(new ArrayList<>(top.values())).isSortedAccordingTo(Comparator.reverseOrder());
    }

    /** Inserts, updates and deletes while the copy runs; each must end up in Elasticsearch. */
    private static void writeDuringSnapshot(MongoCollection<Document> movies, AtomicInteger written) {
        Random random = new Random(7);
        List<Integer> inserted = new ArrayList<>();
        long end = System.currentTimeMillis() + 4000;
        int next = 20_001;
        while (System.currentTimeMillis() < end) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                movies.insertOne(SampleData.movie(next, random));
                inserted.add(next++);
            } else if (kind == 1) {
                movies.updateOne(Filters.eq("id", 1 + random.nextInt(10_000)), Updates.inc("vote_count", 1));
            } else {
                movies.deleteOne(Filters.eq("id", 1 + random.nextInt(10_000)));
            }
            written.incrementAndGet();
        }
    }

    private List<JsonNode> hits(String query) {
        es.post("/" + INDEX + "/_refresh", "");
        List<JsonNode> hits = new ArrayList<>();
        es.post("/" + INDEX + "/_search", query).path("hits").path("hits").forEach(hits::add);
        return hits;
    }

    private static List<String> titles(List<JsonNode> hits) {
        List<String> titles = new ArrayList<>();
        hits.forEach(hit -> titles.add(hit.path("_source").path("title").asText()));
        return titles;
    }
}
