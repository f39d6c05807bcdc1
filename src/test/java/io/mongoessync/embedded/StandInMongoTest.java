package io.mongoessync.embedded;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stand-in answers what Flink CDC asks the way MongoDB does, through the official driver. */
class StandInMongoTest {

    private StandInMongo mongo;
    private MongoClient client;
    private MongoDatabase db;

    @BeforeEach
    void start() {
        mongo = StandInMongo.start(0);
        client = MongoClients.create(mongo.connectionString());
        db = client.getDatabase("mydb");
    }

    @AfterEach
    void stop() {
        client.close();
        mongo.close();
    }

    private static List<ChangeStreamDocument<Document>> take(MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor, int n) {
        List<ChangeStreamDocument<Document>> events = new ArrayList<>();
        for (int tries = 0; events.size() < n && tries < 50; tries++) {
            ChangeStreamDocument<Document> next = cursor.tryNext();
            if (next != null) {
                events.add(next);
            }
        }
        return events;
    }

    /**
     * An insert MongoDB refuses (a duplicate key) writes no change event, and neither do the
     * documents an ordered insert never reached. The stand-in logged every document it was sent, so
     * Elasticsearch received content MongoDB had refused.
     */
    @Test
    void refusedInsertsWriteNoChangeEvents() {
        MongoCollection<Document> movies = db.getCollection("duplicates");
        try (var cursor = movies.watch().cursor()) {
            assertThat(cursor.tryNext()).isNull();
            movies.insertOne(new Document("_id", 1).append("title", "kept"));
            assertThatThrownBy(() -> movies.insertOne(new Document("_id", 1).append("title", "refused")))
                    .isInstanceOf(com.mongodb.MongoWriteException.class).hasMessageContaining("E11000");
            assertThatThrownBy(() -> movies.insertMany(List.of(new Document("_id", 2), new Document("_id", 1).append("title", "refused"),
                    new Document("_id", 3)))).isInstanceOf(com.mongodb.MongoBulkWriteException.class);
            assertThatThrownBy(() -> movies.insertMany(List.of(new Document("_id", 1), new Document("_id", 4)),
                    new com.mongodb.client.model.InsertManyOptions().ordered(false))).isInstanceOf(com.mongodb.MongoBulkWriteException.class);
            movies.insertOne(new Document("_id", 5));
            List<String> events = new ArrayList<>();
            take(cursor, 10).forEach(event -> events.add(event.getOperationType().getValue() + " " + event.getFullDocument().toJson()));
            assertThat(events).containsExactly("insert {\"_id\": 1, \"title\": \"kept\"}", "insert {\"_id\": 2}",
                    "insert {\"_id\": 4}", "insert {\"_id\": 5}");
            assertThat(movies.find().map(document -> document.get("_id")).into(new ArrayList<>())).containsExactly(1, 2, 4, 5);
        }
    }

    @Test
    void isMasterReportsClusterTime() {
        Document reply = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
        assertThat(reply.get("$clusterTime", Document.class).get("clusterTime")).isInstanceOf(org.bson.BsonTimestamp.class);
        assertThat(reply.getDouble("ok")).isEqualTo(1.0);
    }

    @Test
    void changeStreamReportsEveryOperationLikeMongoDb() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        try (var cursor = movies.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            assertThat(cursor.tryNext()).isNull();
            assertThat(cursor.getResumeToken()).as("postBatchResumeToken of an empty batch").isNotNull();
            movies.insertOne(new Document("_id", 1).append("title", "a"));
            movies.updateOne(Filters.eq("_id", 1), Updates.set("title", "b"));
            List<ChangeStreamDocument<Document>> events = take(cursor, 2);
            movies.replaceOne(Filters.eq("_id", 1), new Document("title", "c"));
            movies.deleteOne(Filters.eq("_id", 1));
            events.addAll(take(cursor, 2));

            assertThat(events).extracting(ChangeStreamDocument::getOperationType)
                    .containsExactly(OperationType.INSERT, OperationType.UPDATE, OperationType.REPLACE, OperationType.DELETE);
            for (ChangeStreamDocument<Document> event : events) {
                assertThat(event.getNamespace().getFullName()).isEqualTo("mydb.hotmovies");
                assertThat(event.getDocumentKey()).isEqualTo(BsonDocument.parse("{\"_id\": 1}"));
                assertThat(event.getResumeToken().getString("_data").getValue()).startsWith("82");
            }
            assertThat(events.get(1).getFullDocument().getString("title")).as("looked up").isEqualTo("b");
            assertThat(events.get(3).getFullDocument()).isNull();
            assertThat(events.get(1).getUpdateDescription().getUpdatedFields()).isEqualTo(BsonDocument.parse("{\"title\": \"b\"}"));
            assertThat(events.get(2).getFullDocument().getString("title")).isEqualTo("c");
            assertThat(events.get(0).getClusterTime().compareTo(events.get(3).getClusterTime())).isLessThan(0);
        }
    }

    /** MongoDB logs findAndModify like any write; the stand-in left it out, so a demo user saw nothing arrive. */
    @Test
    void findAndModifyWritesChangeEvents() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        movies.insertOne(new Document("_id", 1).append("title", "a"));
        try (var cursor = movies.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor()) {
            assertThat(cursor.tryNext()).isNull();
            movies.findOneAndUpdate(Filters.eq("_id", 1), Updates.set("title", "b"));
            movies.findOneAndReplace(Filters.eq("_id", 1), new Document("title", "c"));
            movies.findOneAndUpdate(Filters.eq("_id", 2), Updates.set("title", "new"),
                    new com.mongodb.client.model.FindOneAndUpdateOptions().upsert(true));
            movies.findOneAndDelete(Filters.eq("_id", 1));
            movies.findOneAndDelete(Filters.eq("_id", 99));
            List<ChangeStreamDocument<Document>> events = take(cursor, 5);

            assertThat(events).extracting(ChangeStreamDocument::getOperationType)
                    .containsExactly(OperationType.UPDATE, OperationType.REPLACE, OperationType.INSERT, OperationType.DELETE);
            assertThat(events.get(0).getUpdateDescription().getUpdatedFields()).isEqualTo(BsonDocument.parse("{\"title\": \"b\"}"));
            assertThat(events.get(1).getFullDocument().getString("title")).isEqualTo("c");
            assertThat(events.get(2).getFullDocument()).isEqualTo(new Document("_id", 2).append("title", "new"));
            assertThat(events.get(3).getDocumentKey()).isEqualTo(BsonDocument.parse("{\"_id\": 1}"));
        }
    }

    /** mongosh 2.x refused wire version 8 (it needs 9, MongoDB 4.4), and its probes failed with stack traces. */
    @Test
    void looksLikeACurrentMongoDbToCurrentTools() {
        Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
        assertThat(hello.getInteger("maxWireVersion")).isEqualTo(21);
        assertThat(client.getDatabase("admin").runCommand(new Document("buildInfo", 1)).getString("version")).isEqualTo("7.0.0");
        assertThat(client.getDatabase("admin").runCommand(new Document("getParameter", 1).append("featureCompatibilityVersion", 1))
                .get("featureCompatibilityVersion", Document.class).getString("version")).isEqualTo("7.0");
        assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("atlasVersion", 1)))
                .isInstanceOf(com.mongodb.MongoCommandException.class).hasMessageContaining("CommandNotFound");
        db.getCollection("never-created").drop();
        assertThat(client.getDatabase("admin").getCollection("atlascli").countDocuments()).isZero();
    }

    /** Today's official Java driver (5.x, fetched by Maven beside the 4.9 that Flink CDC needs) runs the walkthrough. */
    @Test
    void theCurrentJavaDriverRunsTheWalkthrough() throws Exception {
        Path jars = Paths.get(System.getProperty("current.driver.dir", "target/current-driver"));
        List<URL> urls = new ArrayList<>();
        try (var files = Files.list(jars)) {
            for (Path jar : (Iterable<Path>) files.sorted()::iterator) {
                urls.add(jar.toUri().toURL());
            }
        }
        urls.add(CurrentDriverWalkthrough.class.getProtectionDomain().getCodeSource().getLocation());
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        try (var cursor = movies.watch().fullDocument(FullDocument.UPDATE_LOOKUP).cursor();
             URLClassLoader driver5 = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThat(cursor.tryNext()).isNull();
            @SuppressWarnings("unchecked")
            Function<String, String> walkthrough = (Function<String, String>) driver5
                    .loadClass(CurrentDriverWalkthrough.class.getName()).getConstructor().newInstance();
            String driverJar = walkthrough.apply(mongo.connectionString());
            assertThat(driverJar).matches(".*/mongodb-driver-sync-5\\.[0-9.]+\\.jar");

            List<ChangeStreamDocument<Document>> events = take(cursor, 7);
            assertThat(events).extracting(ChangeStreamDocument::getOperationType).containsExactly(OperationType.INSERT,
                    OperationType.INSERT, OperationType.UPDATE, OperationType.UPDATE, OperationType.REPLACE,
                    OperationType.DELETE, OperationType.DELETE);
            assertThat(events.get(2).getUpdateDescription().getUpdatedFields()).isEqualTo(BsonDocument.parse("{\"title\": \"美女小姐姐\"}"));
            assertThat(events.get(4).getFullDocument().getString("title")).isEqualTo("程序猿");
            assertThat(movies.countDocuments()).isZero();
        }
    }

    @Test
    void resumesAfterATokenAndFiltersADatabaseWatch() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        BsonDocument token;
        try (var cursor = db.watch(List.of(Aggregates.match(Filters.eq("ns.coll", "hotmovies")))).cursor()) {
            db.getCollection("other").insertOne(new Document("_id", 9));
            movies.insertOne(new Document("_id", 1));
            movies.insertOne(new Document("_id", 2));
            List<ChangeStreamDocument<Document>> events = take(cursor, 2);
            assertThat(events).extracting(e -> e.getDocumentKey().getInt32("_id").getValue()).containsExactly(1, 2);
            token = events.get(0).getResumeToken();
        }
        try (var resumed = movies.watch().resumeAfter(token).cursor()) {
            assertThat(take(resumed, 1)).extracting(e -> e.getDocumentKey().getInt32("_id").getValue()).containsExactly(2);
        }
    }

    @Test
    void lostHistoryIsErrorChangeStreamHistoryLost() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        BsonDocument token;
        try (var cursor = movies.watch().cursor()) {
            movies.insertOne(new Document("_id", 1));
            token = take(cursor, 1).get(0).getResumeToken();
        }
        movies.insertOne(new Document("_id", 2));
        mongo.loseHistory();
        assertThatThrownBy(() -> movies.watch().resumeAfter(token).cursor().tryNext())
                .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(286));
    }

    @Test
    void splitVectorAndFindWithMinMaxCutTheCollectionIntoExactChunks() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            docs.add(new Document("_id", i).append("pad", "x".repeat(1000)));
        }
        movies.insertMany(docs);
        Document split = db.runCommand(new Document("splitVector", "mydb.hotmovies")
                .append("keyPattern", new Document("_id", 1)).append("maxChunkSize", 1));
        List<?> keys = split.getList("splitKeys", Object.class);
        assertThat(keys).hasSizeGreaterThan(1);

        List<BsonDocument> bounds = new ArrayList<>();
        bounds.add(new BsonDocument("_id", new BsonMinKey()));
        for (Object key : keys) {
            bounds.add(((Document) key).toBsonDocument());
        }
        bounds.add(new BsonDocument("_id", new BsonMaxKey()));
        int total = 0;
        for (int i = 0; i + 1 < bounds.size(); i++) {
            for (Document doc : movies.find().min(bounds.get(i)).max(bounds.get(i + 1)).hint(new Document("_id", 1))) {
                total++;
                if (i > 0) {
                    assertThat(doc.getInteger("_id")).isGreaterThanOrEqualTo(bounds.get(i).getInt32("_id").getValue());
                }
            }
        }
        assertThat(total).as("every document read exactly once over all chunks").isEqualTo(3000);
    }

    @Test
    void rangeReadsComeInIdOrderAcrossBatchesAndSeeEveryWrite() {
        MongoCollection<Document> movies = db.getCollection("hotmovies");
        List<Document> docs = new ArrayList<>();
        for (int i = 1998; i >= 0; i -= 2) {
            docs.add(new Document("_id", i));
        }
        movies.insertMany(docs);
        List<Integer> expected = new ArrayList<>();
        for (int i = 100; i < 300; i += 2) {
            expected.add(i);
        }
        assertThat(idsBetween(movies, 100, 300)).isEqualTo(expected);

        movies.deleteOne(new Document("_id", 150));
        movies.insertOne(new Document("_id", 151));
        movies.updateOne(new Document("_id", 200), new Document("$set", new Document("seen", true)));
        expected.remove(Integer.valueOf(150));
        expected.add(expected.indexOf(152), 151);
        assertThat(idsBetween(movies, 100, 300)).isEqualTo(expected);
        assertThat(movies.find().min(new Document("_id", 200)).max(new Document("_id", 201)).hint(new Document("_id", 1)).first())
                .isEqualTo(new Document("_id", 200).append("seen", true));
    }

    /**
     * Monstache reads a segment with a filter on an {@code _id} range and finds its split points by
     * an aggregation that sorts by {@code _id} and skips; the stand-in answers both from its
     * ordered ids. Each answer must be the backend's own for the same query written so that it
     * scans: same documents, in {@code _id} order, with MongoDB's type bracketing across ids of
     * several types.
     */
    @Test
    void idRangeFiltersAndSplitAggregationsAnswerAsAScanDoes() {
        MongoCollection<Document> mixed = db.getCollection("mixed");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            docs.add(new Document("_id", i % 3 == 0 ? (Object) (long) i : i % 3 == 1 ? (Object) (i + 0.5) : (Object) i).append("n", i));
            docs.add(new Document("_id", "s" + (char) ('a' + i % 26) + i).append("n", i));
            docs.add(new Document("_id", new org.bson.types.ObjectId()).append("n", i));
        }
        java.util.Collections.shuffle(docs, new java.util.Random(7));
        mixed.insertMany(docs);
        org.bson.types.ObjectId someId = docs.stream().map(d -> d.get("_id")).filter(org.bson.types.ObjectId.class::isInstance)
                .map(org.bson.types.ObjectId.class::cast).sorted().skip(15).findFirst().orElseThrow();
        List<Document> ranges = List.of(
                idRange("$gte", 10, "$lt", 30),
                idRange("$gt", 9.5, "$lte", 30L),
                idRange("$gte", 20),
                idRange("$lt", 5),
                idRange("$gte", "sm"),
                idRange("$gte", "sb", "$lt", "sk"),
                idRange("$gt", someId),
                idRange("$lte", someId));
        for (Document range : ranges) {
            BsonDocument filter = range.toBsonDocument();
            List<Document> scanned = mixed.find(Filters.and(range, Filters.exists("n"))).sort(new Document("_id", 1)).into(new ArrayList<>());
            assertThat(scanned).as("the scan of %s", filter).isNotEmpty().hasSizeLessThan(docs.size());
            assertThat(mixed.find(filter).batchSize(7).into(new ArrayList<>())).as("find %s", filter).isEqualTo(scanned);

            List<Document> ids = new ArrayList<>();
            scanned.subList(Math.min(3, scanned.size()), Math.min(5, scanned.size())).forEach(d -> ids.add(new Document("_id", d.get("_id"))));
            assertThat(mixed.aggregate(List.of(Aggregates.match(filter), Aggregates.sort(new Document("_id", 1)), Aggregates.skip(3),
                    Aggregates.limit(2), Aggregates.project(new Document("_id", 1)))).into(new ArrayList<>()))
                    .as("the split aggregation over %s", filter).isEqualTo(ids);
        }
        assertThat(mixed.find(idRange("$gte", 20)).into(new ArrayList<>()))
                .as("numbers of every type, no string or ObjectId").extracting(d -> d.get("_id"))
                .allMatch(Number.class::isInstance).hasSize(20);
        assertThat(mixed.aggregate(List.of(Aggregates.match(new Document()), Aggregates.sort(new Document("_id", 1)), Aggregates.skip(119),
                Aggregates.limit(1))).into(new ArrayList<>())).as("the last of all, ObjectIds sorting after numbers and strings")
                .extracting(d -> d.get("_id")).singleElement().isInstanceOf(org.bson.types.ObjectId.class);
    }

    /** A filter on {@code _id} alone, the shape Monstache sends: {@code {_id: {op: value, ...}}}. */
    private static Document idRange(Object... operatorsAndValues) {
        Document bounds = new Document();
        for (int i = 0; i < operatorsAndValues.length; i += 2) {
            bounds.append((String) operatorsAndValues[i], operatorsAndValues[i + 1]);
        }
        return new Document("_id", bounds);
    }

    /** Read in batches of 30, so most of the range comes through getMore. */
    private static List<Integer> idsBetween(MongoCollection<Document> movies, int min, int max) {
        List<Integer> ids = new ArrayList<>();
        movies.find().min(new Document("_id", min)).max(new Document("_id", max)).hint(new Document("_id", 1)).batchSize(30)
                .forEach(doc -> ids.add(doc.getInteger("_id")));
        return ids;
    }
}
