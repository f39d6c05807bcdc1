package io.mongoessync.source.copy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoessync.config.Namespace;
import io.mongoessync.embedded.StandInMongo;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ClusterClock;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.bson.BsonInt32;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy's reader against the stand-in: raw documents, cluster-time stamps, and resuming across id types. */
class CopySplitReaderTest {

    private static StandInMongo mongo;
    private static MongoClient client;

    @BeforeAll
    static void start() {
        mongo = StandInMongo.start(0);
        client = MongoClients.create(mongo.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        mongo.close();
    }

    private static List<ChangeEvent> readAll(CopySplit split, int batchSize) {
        CopySplitReader reader = new CopySplitReader(mongo.connectionString(), batchSize);
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
        List<ChangeEvent> events = new ArrayList<>();
        boolean finished = false;
        while (!finished) {
            RecordsWithSplitIds<CopiedDocument> records = reader.fetch();
            while (records.nextSplit() != null) {
                for (CopiedDocument document = records.nextRecordFromSplit(); document != null; document = records.nextRecordFromSplit()) {
                    events.add(document.event);
                }
            }
            finished = records.finishedSplits().contains(split.splitId());
        }
        reader.close();
        return events;
    }

    @Test
    void readsRawDocumentsInIdOrderStampedWithTheClusterTimeBeforeTheRead() {
        MongoCollection<Document> movies = client.getDatabase("copy").getCollection("movies");
        for (int i = 1; i <= 25; i++) {
            movies.insertOne(new Document("_id", i).append("title", "movie " + i));
        }
        long beforeRead = ClusterClock.now(client);
        List<ChangeEvent> events = readAll(new CopySplit(new Namespace("copy", "movies"), null), 10);
        assertThat(events).extracting(e -> e.documentId).startsWith("1", "2", "3").hasSize(25);
        ChangeEvent first = events.get(0);
        assertThat(first.snapshot).isTrue();
        assertThat(first.cdcCopy).isFalse();
        assertThat(first.document).as("never rendered as text").isNull();
        assertThat(new RawBsonDocument(first.bson).getString("title").getValue()).isEqualTo("movie 1");
        assertThat(first.clusterTime).as("the cluster time, not a clock").isGreaterThanOrEqualTo(beforeRead)
                .isLessThanOrEqualTo(ClusterClock.now(client));
    }

    @Test
    void resumingAfterAnIdOfOneTypeStillReadsTheIdsOfLaterTypes() {
        MongoCollection<Document> mixed = client.getDatabase("copy").getCollection("mixed");
        ObjectId objectId = new ObjectId();
        mixed.insertOne(new Document("_id", 1));
        mixed.insertOne(new Document("_id", 2));
        mixed.insertOne(new Document("_id", "b"));
        mixed.insertOne(new Document("_id", objectId));
        mixed.insertOne(new Document("_id", true));
        mixed.insertOne(new Document("_id", new Date(0)));
        byte[] afterFirst = CopySplit.Progress.encode(new BsonInt32(1));
        List<ChangeEvent> events = readAll(new CopySplit(new Namespace("copy", "mixed"), afterFirst), 2);
        assertThat(events).extracting(e -> e.documentId)
                .containsExactly("2", "b", objectId.toHexString(), "true", "1970-01-01T00:00:00.000Z");
    }
}
