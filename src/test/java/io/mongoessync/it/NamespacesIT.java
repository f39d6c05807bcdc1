package io.mongoessync.it;

import com.mongodb.client.MongoCollection;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.LogWatch;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which namespaces are read, and from when: a whole database including collections created while
 * the job runs, a stream-only start from now or from a given time, and a copy-only run that ends.
 */
class NamespacesIT extends SyncITBase {

    private void seed(String namespace, int from, int count) {
        MongoCollection<Document> collection = collection(namespace);
        List<Document> documents = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            documents.add(new Document("_id", "d" + i).append("n", i));
        }
        collection.insertMany(documents);
    }

    @Test
    void aWholeDatabaseIsCopiedAndFollowedIncludingCollectionsCreatedLater() throws Exception {
        for (String index : List.of("wholedb.first", "wholedb.second", "wholedb.later")) {
            deleteIndex(index);
        }
        seed("wholedb.first", 0, 300);
        seed("wholedb.second", 0, 200);
        startJob("direct-read-namespaces", "wholedb.*", "change-stream-namespaces", "wholedb.*");
        awaitCount("wholedb.first", 300);
        awaitCount("wholedb.second", 200);

        seed("wholedb.later", 0, 50);
        collection("wholedb.first").deleteOne(new Document("_id", "d0"));
        awaitCount("wholedb.later", 50);
        awaitCount("wholedb.first", 299);
        for (String namespace : List.of("wholedb.first", "wholedb.second", "wholedb.later")) {
            assertIndexEqualsCollection(namespace, namespace);
        }
    }

    @Test
    void aStreamOnlyStartFollowsFromNowWithoutCopying() throws Exception {
        deleteIndex("streamonly.movies");
        seed("streamonly.movies", 0, 100);
        LogWatch log = new LogWatch();
        startJob("change-stream-namespaces", "streamonly.movies");
        // "now" is the offset the source takes when it starts; writes after it are followed.
        Await.until(TIMEOUT, () -> log.contains("Current change stream offset"), () -> "the source took no start offset");
        seed("streamonly.movies", 100, 5);
        awaitCount("streamonly.movies", 5);
        Thread.sleep(1000);
        assertThat(indexDocuments("streamonly.movies")).containsOnlyKeys("d100", "d101", "d102", "d103", "d104");
    }

    @Test
    void aStreamOnlyStartFromAGivenTimeReplaysWhatCameAfterIt() throws Exception {
        deleteIndex("streamfrom.movies");
        seed("streamfrom.movies", 0, 20);
        Thread.sleep(1500);
        long start = System.currentTimeMillis() / 1000 + 1;
        Thread.sleep(start * 1000 - System.currentTimeMillis() + 200);
        seed("streamfrom.movies", 20, 10);
        startJob("change-stream-namespaces", "streamfrom.movies", "change-stream-start-at", String.valueOf(start));
        awaitCount("streamfrom.movies", 10);
        seed("streamfrom.movies", 30, 1);
        awaitCount("streamfrom.movies", 11);
        assertThat(indexDocuments("streamfrom.movies").keySet()).allMatch(id -> Integer.parseInt(id.substring(1)) >= 20);
    }

    @Test
    void aCopyOnlyRunFinishesWhenTheCopyIsDone() throws Exception {
        deleteIndex("copyonly.movies");
        seed("copyonly.movies", 0, 2000);
        JobClient job = startJob("direct-read-namespaces", "copyonly.movies", "exit-after-direct-reads", "true");
        JobExecutionResult result = job.getJobExecutionResult().get(2, TimeUnit.MINUTES);
        assertThat(result.getNetRuntime()).isPositive();
        assertThat(es.count("copyonly.movies")).isEqualTo(2000);
        assertIndexEqualsCollection("copyonly.movies", "copyonly.movies");
    }
}
