package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SharedElasticsearch;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monstache's mapping and transform settings against real Elasticsearch: an index per release
 * year, routing by studio, an ingest pipeline, an index template applied at start-up, fields kept,
 * dropped and renamed, a script that changes, drops and redirects documents, and filter-then-delete.
 * Documents then move between indexes and get deleted; {@code verify}, shaping MongoDB's side by the
 * same rules, finds the indexes equal to the collection.
 */
class MappingAndTransformsIT extends SyncITBase {

    private static final String NS = "mydb.parity";
    private static final String PATTERN = "parity-movies-*";

    @Test
    void documentsArePlacedShapedMovedAndDeletedAsConfigured(@TempDir Path dir) throws Exception {
        es.delete("/" + PATTERN);
        es.delete("/parity-archive");
        es.put("/_ingest/pipeline/parity-noop", "{\"description\":\"counts what passes\",\"processors\":[]}");
        Path template = Files.writeString(dir.resolve("parity-movies.json"), "{\"index_patterns\":[\"parity-movies-*\"],"
                + "\"template\":{\"settings\":{\"number_of_shards\":2},\"mappings\":{\"properties\":{\"popularity\":{\"type\":\"double\"}}}}}");
        Path script = Files.writeString(dir.resolve("movies.js"), String.join("\n",
                "module.exports = function(doc, ns, op) {",
                "  if (doc.adult) return false;",
                "  doc.title = doc.title.toUpperCase();",
                "  if (doc.archived) doc._meta_monstache = {index: 'parity-archive'};",
                "  return doc;",
                "};"));
        MongoCollection<Document> movies = collection(NS);
        movies.insertOne(movie("m1", "1999-03-01", "ghibli").append("title", "spirited"));
        movies.insertOne(movie("m2", "2001-07-20", "ghibli").append("title", "乘风破浪的程序媛"));
        movies.insertOne(movie("m3", "2001-01-01", "pixar").append("title", "adult").append("adult", true));
        movies.insertOne(movie("m4", "1999-12-31", "pixar").append("title", "old").append("archived", true));

        startJob("direct-read-namespaces", NS,
                "index-mapping", NS + ":parity-movies-{release_date:yyyy}",
                "routing-field", NS + ":studio",
                "index-pipeline", NS + ":parity-noop",
                "index-templates", template.toString(),
                "exclude-fields", NS + ":secret",
                "rename-fields", NS + ":overview=summary",
                "script", NS + ":" + script,
                "delete-when-field", NS + ":deletedAt");
        Await.until(TIMEOUT, () -> es.count(PATTERN) == 2 && es.count("parity-archive") == 1,
                () -> PATTERN + " has " + es.count(PATTERN) + ", parity-archive " + es.count("parity-archive"));

        JsonNode m2 = es.get("/parity-movies-2001/_doc/m2?routing=ghibli");
        assertThat(m2.path("_routing").asText()).isEqualTo("ghibli");
        assertThat(m2.path("_source").path("title").asText()).isEqualTo("乘风破浪的程序媛");
        assertThat(m2.path("_source").path("summary").asText()).isEqualTo("plot");
        assertThat(m2.path("_source").has("secret")).isFalse();
        assertThat(es.get("/parity-movies-1999/_mapping").path("parity-movies-1999").path("mappings")
                .path("properties").path("popularity").path("type").asText())
                .as("the index template's mapping, not dynamic float").isEqualTo("double");
        assertThat(es.get("/_nodes/stats/ingest").toString()).as("writes went through the pipeline").contains("parity-noop");

        // Move m1 from 1999 to 2001, change m2's studio (routing), filter-then-delete m2 later, delete m4.
        movies.updateOne(Filters.eq("_id", "m1"), Updates.set("release_date", "2001-02-02"));
        movies.updateOne(Filters.eq("_id", "m2"), Updates.set("studio", "toho"));
        movies.insertOne(movie("m5", "2020-05-05", "a24").append("title", "new"));
        movies.deleteOne(Filters.eq("_id", "m4"));
        Await.until(TIMEOUT, () -> es.count("parity-movies-2001") == 2 && es.count("parity-movies-1999") == 0
                        && es.count("parity-archive") == 0 && es.count("parity-movies-2020") == 1,
                () -> "1999: " + es.count("parity-movies-1999") + ", 2001: " + es.count("parity-movies-2001")
                        + ", archive: " + es.count("parity-archive"));
        assertThat(es.get("/parity-movies-2001/_doc/m2?routing=toho").path("found").asBoolean()).isTrue();
        assertThat(es.get("/parity-movies-2001/_doc/m2?routing=ghibli").path("found").asBoolean())
                .as("the copy under the old routing is gone").isFalse();

        movies.updateOne(Filters.eq("_id", "m2"), Updates.set("deletedAt", new java.util.Date()));
        Await.until(TIMEOUT, () -> es.count("parity-movies-2001") == 1, () -> "m2 not deleted by delete-when-field");

        SyncConfig config = SyncConfig.from(new JobParams().put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", SharedElasticsearch.url()).put("direct-read-namespaces", NS)
                .put("index-mapping", NS + ":parity-movies-{release_date:yyyy}").put("routing-field", NS + ":studio")
                .put("exclude-fields", NS + ":secret").put("rename-fields", NS + ":overview=summary")
                .put("script", NS + ":" + script).put("delete-when-field", NS + ":deletedAt").toConfiguration());
        Verify.Result result = new Verify(config, new PrintStream(OutputStream.nullOutputStream()), 10)
                .compare(client, es, Namespace.parse("test", NS), config.route().indexFor(NS));
        assertThat(result.inSync()).as("verify: missing %s, extra %s, stale %s", result.missing, result.extra, result.stale).isTrue();
        assertThat(result.notIndexed).as("m2 (deletedAt) and m3 (adult) are kept out").isEqualTo(2);
    }

    private static Document movie(String id, String releaseDate, String studio) {
        return new Document("_id", id).append("release_date", releaseDate).append("studio", studio)
                .append("overview", "plot").append("secret", "s3cr3t").append("popularity", 1);
    }
}
