package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Documents Elasticsearch refuses, or the job cannot send, land in the dead-letter index with
 * namespace, _id, error and time, and the job keeps going; with fail-fast the job stops instead.
 */
class DeadLetterIT extends SyncITBase {

    private static final String DEAD = "it-dead-letters";

    @Test
    void refusedDocumentsAreDeadLetteredAndTheRestIsWritten() throws Exception {
        String index = "bad-documents";
        deleteIndex(index);
        deleteIndex(DEAD);
        es.put("/" + index, "{\"mappings\":{\"properties\":{\"popularity\":{\"type\":\"double\"}}}}");
        MongoCollection<Document> movies = collection("mydb.bad");
        movies.insertOne(new Document("_id", "good-1").append("popularity", 1.5));
        movies.insertOne(new Document("_id", "mapping-conflict").append("popularity", "very high"));
        movies.insertOne(new Document("_id", "empty-field-name").append("", 1));
        movies.insertOne(new Document("_id", "dots-conflict").append("a", 1).append("a.b", 2));
        movies.insertOne(new Document("_id", "metadata-field").append("_routing", "x"));
        movies.insertOne(new Document("_id", "too-large").append("overview", "x".repeat(4096)));
        movies.insertOne(new Document("_id", "good-2").append("popularity", 2.5));

        JobClient job = startJob("direct-read-namespaces", "mydb.bad", "index-mapping", "mydb.bad:" + index,
                "dead-letter-index", DEAD, "document-max-bytes", "2kb");
        awaitCount(index, 2);
        awaitCount(DEAD, 5);
        movies.insertOne(new Document("_id", "good-3").append("popularity", 3.5));
        movies.insertOne(new Document("_id", "conflict-while-streaming").append("popularity", "low"));
        awaitCount(index, 3);
        awaitCount(DEAD, 6);

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(indexDocuments(index)).containsOnlyKeys("good-1", "good-2", "good-3");
        Map<String, JsonNode> records = new HashMap<>();
        indexDocuments(DEAD).values().forEach(record -> records.put(record.path("document_id").asText(), record));
        assertThat(records).containsOnlyKeys("mapping-conflict", "empty-field-name", "dots-conflict", "metadata-field",
                "too-large", "conflict-while-streaming");
        JsonNode conflict = records.get("mapping-conflict");
        assertThat(conflict.path("namespace").asText()).isEqualTo("mydb.bad");
        assertThat(conflict.path("index").asText()).isEqualTo(index);
        assertThat(conflict.path("status").asInt()).isEqualTo(400);
        assertThat(conflict.path("error").asText()).contains("popularity");
        assertThat(conflict.path("source").asText()).contains("very high");
        assertThat(conflict.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(records.get("empty-field-name").path("error").asText()).contains("empty");
        assertThat(records.get("metadata-field").path("error").asText()).contains("_routing");
        assertThat(records.get("too-large").path("error").asText()).contains("document-max-bytes");
        assertThat(records.get("too-large").has("source")).as("too large to keep").isFalse();
        // Searchable by its fields, as an operator would look for them.
        assertThat(es.post("/" + DEAD + "/_count", "{\"query\":{\"term\":{\"namespace\":\"mydb.bad\"}}}").path("count").asLong())
                .isEqualTo(6);
    }

    @Test
    void failFastStopsTheJobWithTheReason() throws Exception {
        String index = "fail-fast";
        deleteIndex(index);
        es.put("/" + index, "{\"mappings\":{\"properties\":{\"popularity\":{\"type\":\"double\"}}}}");
        MongoCollection<Document> movies = collection("mydb.failfast");
        movies.insertOne(new Document("_id", "good").append("popularity", 1.5));
        movies.insertOne(new Document("_id", "bad").append("popularity", "very high"));

        JobClient job = startJob("direct-read-namespaces", "mydb.failfast", "index-mapping", "mydb.failfast:" + index,
                "fail-fast", "true");
        Throwable failure = awaitFailure(job);
        assertThat(failure).hasStackTraceContaining("Elasticsearch rejected document bad in index " + index + " (400)")
                .hasStackTraceContaining("fail-fast");
    }
}
