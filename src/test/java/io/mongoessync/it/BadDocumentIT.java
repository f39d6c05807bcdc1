package io.mongoessync.it;

import com.mongodb.client.MongoCollection;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;

/** A document Elasticsearch rejects is reported and skipped; it takes nothing else with it. */
class BadDocumentIT extends SyncITBase {

    @Test
    void mappingConflictIsLoggedAndTheRestIsWritten() throws Exception {
        String index = "bad-documents";
        deleteIndex(index);
        es.put("/" + index, "{\"mappings\":{\"properties\":{\"popularity\":{\"type\":\"double\"}}}}");
        MongoCollection<Document> movies = collection("mydb.bad");
        movies.insertOne(new Document("_id", "good-1").append("popularity", 1.5));
        movies.insertOne(new Document("_id", "bad").append("popularity", "very high"));
        movies.insertOne(new Document("_id", "good-2").append("popularity", 2.5));

        JobClient job = startJob("direct-read-namespaces", "mydb.bad", "index-mapping", "mydb.bad:" + index);
        awaitCount(index, 2);
        movies.insertOne(new Document("_id", "good-3").append("popularity", 3.5));
        awaitCount(index, 3);

        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(indexDocuments(index)).containsOnlyKeys("good-1", "good-2", "good-3");
        String log = Files.readString(Paths.get("target/test.log"));
        assertThat(log).contains("Elasticsearch rejected document bad in index " + index + " (400 BAD_REQUEST)");
    }
}
