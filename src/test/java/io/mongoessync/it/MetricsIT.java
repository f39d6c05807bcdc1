package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.core.execution.JobClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The counts an operator sees in the Flink web UI, read through the same REST API. */
class MetricsIT extends SyncITBase {

    private static final String NS = "mydb.metrics";
    private static final String INDEX = "metrics-test";

    @Test
    void perNamespaceCountsLagAndSinkMetricsAreInTheWebUi() throws Exception {
        deleteIndex(INDEX);
        MongoCollection<Document> docs = collection(NS);
        List<Document> seed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            seed.add(new Document("_id", i).append("n", i));
        }
        docs.insertMany(seed);
        JobClient job = startJob("direct-read-namespaces", NS, "index-mapping", NS + ":" + INDEX);
        awaitCount(INDEX, 100);

        docs.insertMany(List.of(new Document("_id", 100), new Document("_id", 101), new Document("_id", 102)));
        docs.updateOne(Filters.eq("_id", 1), Updates.set("n", -1));
        docs.updateOne(Filters.eq("_id", 2), Updates.set("n", -2));
        docs.replaceOne(Filters.eq("_id", 3), new Document("replaced", true));
        docs.deleteOne(Filters.eq("_id", 4));
        awaitCount(INDEX, 102);

        String route = vertex(job, "Route documents");
        Await.until(TIMEOUT, () -> sum(job, route, "namespace." + NS.replace('.', '_') + ".deleted") == 1,
                () -> "deleted = " + sum(job, route, "namespace." + NS.replace('.', '_') + ".deleted"));
        assertThat(sum(job, route, "namespace." + NS.replace('.', '_') + ".copied")).isEqualTo(100);
        assertThat(sum(job, route, "namespace." + NS.replace('.', '_') + ".estimatedCount")).as("the copy's goal").isEqualTo(100);
        assertThat(sum(job, route, "namespace." + NS.replace('.', '_') + ".inserted")).isEqualTo(3);
        assertThat(sum(job, route, "namespace." + NS.replace('.', '_') + ".updated")).isEqualTo(2);
        assertThat(sum(job, route, "namespace." + NS.replace('.', '_') + ".replaced")).isEqualTo(1);
        assertThat(sum(job, route, "replicationLagSeconds")).isGreaterThanOrEqualTo(0);
        assertThat(sum(job, route, "versionConflictsIgnored")).isGreaterThanOrEqualTo(0);
        Await.until(TIMEOUT, () -> sum(job, route, "lastBulkLatencyMs") > 0, () -> "no bulk latency reported");
    }

    private String vertex(JobClient job, String name) throws Exception {
        for (JsonNode vertex : JSON.readTree(new URL(restUrl + "/jobs/" + job.getJobID())).path("vertices")) {
            if (vertex.path("name").asText().contains(name)) {
                return vertex.path("id").asText();
            }
        }
        throw new AssertionError("No vertex named " + name);
    }

    /** The metric summed over subtasks; -1 while the web UI does not list it. */
    private long sum(JobClient job, String vertex, String suffix) {
        try {
            String base = restUrl + "/jobs/" + job.getJobID() + "/vertices/" + vertex + "/subtasks/metrics";
            for (JsonNode metric : JSON.readTree(new URL(base))) {
                String id = metric.path("id").asText();
                if (id.endsWith(suffix)) {
                    JsonNode values = JSON.readTree(new URL(base + "?get=" + id));
                    return values.path(0).path("sum").asLong(-1);
                }
            }
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
