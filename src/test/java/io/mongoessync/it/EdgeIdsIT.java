package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import io.mongoessync.cli.IndexSetup;
import io.mongoessync.cli.Resync;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On real Elasticsearch: a collection of mixed {@code _id} types indexes every document, ids that
 * print alike never share a document, and a fault of the index stops the job with what to fix.
 */
class EdgeIdsIT extends SyncITBase {

    private static final String DEAD = "it-edge-dead-letters";

    private static BsonDocument movie(BsonValue id, String title) {
        return new BsonDocument("_id", id).append("title", new BsonString(title));
    }

    @Test
    void mixedIdTypesAreAllIndexedAndIdsThatPrintAlikeNeverShareADocument() throws Exception {
        String index = "mixed-ids";
        deleteIndex(index);
        deleteIndex(DEAD);
        ObjectId oid = new ObjectId("5f1b2c3d4e5f60718293a4b5");
        MongoCollection<BsonDocument> movies = collection("mydb.mixed").withDocumentClass(BsonDocument.class);
        // One of each type, in the order that used to give mongo_id a mapping the next types broke.
        movies.insertMany(List.of(
                movie(new BsonInt32(1), "int"),
                movie(new BsonObjectId(oid), "object id"),
                movie(new BsonString("movie-2"), "string"),
                movie(new BsonInt64(3_000_000_000L), "long"),
                movie(new BsonDouble(2.5), "double"),
                movie(BsonBoolean.TRUE, "boolean"),
                movie(new BsonDateTime(1_600_000_000_000L), "date"),
                movie(new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")), "uuid"),
                movie(new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("x")), "compound")));

        JobClient job = startJob("direct-read-namespaces", "mydb.mixed", "index-mapping", "mydb.mixed:" + index,
                "dead-letter-index", DEAD);
        awaitCount(index, 9);
        assertIndexEqualsCollection("mydb.mixed", index);
        // The job mapped the id field as one exact keyword, so every id's text finds its document.
        assertThat(idFieldType(index)).isEqualTo("keyword");
        for (JsonNode document : indexDocuments(index).values()) {
            String text = document.path("mongo_id").asText();
            assertThat(text).isNotEmpty();
            String query = JSON.createObjectNode().set("query", JSON.createObjectNode().set("term",
                    JSON.createObjectNode().put("mongo_id", text))).toString();
            assertThat(es.post("/" + index + "/_search", query).path("hits").path("total").path("value").asLong())
                    .as("documents whose mongo_id is %s", text).isEqualTo(1);
        }

        // Same texts, other types: each is refused, and the first one's document stays as it was.
        movies.insertMany(List.of(movie(new BsonString("1"), "string one"), movie(new BsonString(oid.toHexString()), "hex"),
                movie(new BsonString("true"), "string true")));
        awaitCount(DEAD, 3);
        movies.deleteOne(new BsonDocument("_id", new BsonString("1")));
        movies.insertOne(movie(new BsonString("after"), "after"));
        awaitCount(index, 10);

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        Map<String, JsonNode> indexed = indexDocuments(index);
        assertThat(indexed.get("1").path("title").asText()).isEqualTo("int");
        assertThat(indexed.get(oid.toHexString()).path("title").asText()).isEqualTo("object id");
        assertThat(indexed.get("true").path("title").asText()).isEqualTo("boolean");
        Map<String, String> errors = new HashMap<>();
        indexDocuments(DEAD).values().forEach(r -> errors.put(r.path("document_id").asText(), r.path("error").asText()));
        assertThat(errors).containsOnlyKeys("1", oid.toHexString(), "true");
        assertThat(errors.get("1")).contains("_id is a string", "whose _id is a number");
    }

    @Test
    void anIndexThatMappedTheIdFieldKeepsItsMappingAndAResyncMapsItAgain() throws Exception {
        String index = "text-ids";
        deleteIndex(index);
        es.put("/" + index, "{\"mappings\":{\"properties\":{\"mongo_id\":{\"type\":\"text\"}}}}");
        collection("mydb.textids").insertOne(new org.bson.Document("_id", "a b").append("n", 1));
        SyncConfig config = commandConfig("mydb.textids", index, new JobParams().put("resync", "true"));

        IndexSetup.apply(config);
        assertThat(idFieldType(index)).isEqualTo("text");

        Resync.clearIndexes(config);
        assertThat(idFieldType(index)).isEqualTo("keyword");
        deleteIndex(index);
    }

    private String idFieldType(String index) {
        return es.get("/" + index + "/_mapping").path(index).path("mappings").path("properties").path("mongo_id").path("type").asText();
    }

    /** Two collections mapped to one index: the same _id in both must not make one document vanish. */
    @Test
    void twoCollectionsInOneIndexNeverShareADocument() throws Exception {
        String index = "shared-ids";
        deleteIndex(index);
        deleteIndex(DEAD);
        MongoCollection<org.bson.Document> first = collection("mydb.sharedfirst");
        MongoCollection<org.bson.Document> second = collection("mydb.sharedsecond");
        first.insertMany(List.of(new org.bson.Document("_id", 1).append("from", "first"), new org.bson.Document("_id", 2)));
        second.insertMany(List.of(new org.bson.Document("_id", 1).append("from", "second"), new org.bson.Document("_id", 3)));

        startJob("direct-read-namespaces", "mydb.sharedfirst,mydb.sharedsecond",
                "index-mapping", "mydb.sharedfirst:" + index + ",mydb.sharedsecond:" + index, "dead-letter-index", DEAD);
        awaitCount(index, 3);
        awaitCount(DEAD, 1);
        // Both copies run at once: whichever reached the routing operator first holds _id 1.
        String holder = es.get("/" + index + "/_doc/1").path("_source").path("from").asText();
        JsonNode record = indexDocuments(DEAD).values().iterator().next();
        String refused = holder.equals("first") ? "second" : "first";
        assertThat(record.path("namespace").asText()).isEqualTo("mydb.shared" + refused);
        assertThat(record.path("error").asText()).contains("already holds the document of mydb.shared" + holder);

        // The refused one's delete leaves the holder's document; the holder's delete removes it.
        collection("mydb.shared" + refused).deleteOne(new org.bson.Document("_id", 1));
        collection("mydb.shared" + refused).insertOne(new org.bson.Document("_id", 4));
        awaitCount(index, 4);
        assertThat(es.get("/" + index + "/_doc/1").path("_source").path("from").asText()).isEqualTo(holder);
        collection("mydb.shared" + holder).deleteOne(new org.bson.Document("_id", 1));
        awaitCount(index, 3);
    }

    @Test
    void aClosedIndexStopsTheJobWithWhatToFix() throws Exception {
        String index = "closed-index";
        deleteIndex(index);
        es.put("/" + index, "{}");
        es.post("/" + index + "/_close", "");
        collection("mydb.closed").insertOne(new org.bson.Document("_id", "a").append("n", 1));

        JobClient job = startJob("direct-read-namespaces", "mydb.closed", "index-mapping", "mydb.closed:" + index);
        Throwable failure = awaitFailure(job);
        assertThat(failure).hasStackTraceContaining("refused to write document a to index " + index)
                .hasStackTraceContaining("open the index");
        deleteIndex(index);
    }

    @Test
    void aWriteBlockStopsTheJobInsteadOfDeadLetteringEveryWrite() throws Exception {
        String index = "blocked-index";
        deleteIndex(index);
        deleteIndex(DEAD);
        es.put("/" + index, "{\"settings\":{\"index.blocks.write\":true}}");
        collection("mydb.blocked").insertOne(new org.bson.Document("_id", "a").append("n", 1));

        JobClient job = startJob("direct-read-namespaces", "mydb.blocked", "index-mapping", "mydb.blocked:" + index,
                "dead-letter-index", DEAD);
        Throwable failure = awaitFailure(job);
        assertThat(failure).hasStackTraceContaining("(403").hasStackTraceContaining("write block");
        assertThat(es.count(DEAD)).as("nothing dead-lettered").isNotPositive();
        deleteIndex(index);
    }
}
