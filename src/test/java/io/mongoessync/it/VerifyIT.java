package io.mongoessync.it;

import com.mongodb.client.MongoCollection;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.testing.SharedElasticsearch;
import io.mongoessync.testing.SyncITBase;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** verify finds exactly the missing, extra and stale documents, reading both sides in order. */
class VerifyIT extends SyncITBase {

    private static final String NS = "mydb.verify";
    private static final String INDEX = "verify-test";

    @Test
    void reportsMissingExtraAndStaleDocuments() throws Exception {
        deleteIndex(INDEX);
        MongoCollection<Document> docs = collection(NS);
        List<Document> seed = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            seed.add(new Document("_id", new ObjectId()).append("n", i));
        }
        docs.insertMany(seed);
        StringBuilder bulk = new StringBuilder();
        for (BsonDocument document : docs.withDocumentClass(BsonDocument.class).find()) {
            bulk.append("{\"index\":{\"_index\":\"").append(INDEX).append("\",\"_id\":\"")
                    .append(DocumentIds.canonical(document.get("_id"))).append("\"}}\n")
                    .append(BsonJsonWriter.toSourceJson(document, "mongo_id")).append('\n');
        }
        es.post("/_bulk?refresh=true", bulk.toString());

        SyncConfig config = SyncConfig.from(new JobParams().put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", SharedElasticsearch.url()).put("direct-read-namespaces", NS)
                .put("index-mapping", NS + ":" + INDEX).toConfiguration());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Verify verify = new Verify(config, new PrintStream(printed, true, StandardCharsets.UTF_8), 10);
        assertThat(verify.run()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();

        String missing = seed.get(10).getObjectId("_id").toHexString();
        String stale = seed.get(20).getObjectId("_id").toHexString();
        String extra = new ObjectId().toHexString();
        es.delete("/" + INDEX + "/_doc/" + missing + "?refresh=true");
        es.put("/" + INDEX + "/_doc/" + stale + "?refresh=true", "{\"mongo_id\":\"" + stale + "\",\"n\":-1}");
        es.put("/" + INDEX + "/_doc/" + extra + "?refresh=true", "{\"mongo_id\":\"" + extra + "\"}");

        Verify.Result result = verify.compare(client, es, new Namespace("mydb", "verify"), INDEX);
        assertThat(result.missing).containsExactly(missing);
        assertThat(result.stale).containsExactly(stale);
        assertThat(result.extra).containsExactly(extra);
        assertThat(result.inSync()).isFalse();
        printed.reset();
        assertThat(verify.run()).isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("missing 1  first: " + missing)
                .contains("extra   1  first: " + extra).contains("stale   1  first: " + stale).contains("Drift found.");
    }

    /** It compared counts only for ids other than ObjectIds and strings, so drift there went unseen. */
    @Test
    void comparesCollectionsOfEveryIdTypeDocumentByDocument() throws Exception {
        String index = "verify-mixed";
        deleteIndex(index);
        MongoCollection<BsonDocument> docs = collection("mydb.mixedverify").withDocumentClass(BsonDocument.class);
        List<BsonDocument> seed = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            seed.add(new BsonDocument("_id", new org.bson.BsonInt32(i)).append("n", new org.bson.BsonInt32(i)));
        }
        seed.add(new BsonDocument("_id", new org.bson.BsonString("s")).append("n", new org.bson.BsonInt32(-1)));
        seed.add(new BsonDocument("_id", new BsonDocument("a", new org.bson.BsonInt32(1))).append("n", new org.bson.BsonInt32(-2)));
        seed.add(new BsonDocument("_id", new org.bson.BsonDateTime(0)).append("n", new org.bson.BsonInt32(-3)));
        docs.insertMany(seed);
        StringBuilder bulk = new StringBuilder();
        for (BsonDocument document : docs.find()) {
            bulk.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":")
                    .append(JSON.writeValueAsString(DocumentIds.canonical(document.get("_id")))).append("}}\n")
                    .append(BsonJsonWriter.toSourceJson(document, "mongo_id")).append('\n');
        }
        es.post("/_bulk?refresh=true", bulk.toString());
        // The string "7" beside the int 7, as the job leaves it: the int holds the document.
        docs.insertOne(new BsonDocument("_id", new org.bson.BsonString("7")).append("n", new org.bson.BsonInt32(70)));

        SyncConfig config = SyncConfig.from(new JobParams().put("mongo-url", mongo.connectionString())
                .put("elasticsearch-urls", SharedElasticsearch.url()).put("direct-read-namespaces", "mydb.mixedverify")
                .put("index-mapping", "mydb.mixedverify:" + index).toConfiguration());
        Verify verify = new Verify(config, new PrintStream(java.io.OutputStream.nullOutputStream()), 10);
        Namespace namespace = new Namespace("mydb", "mixedverify");
        Verify.Result clean = verify.compare(client, es, namespace, index);
        assertThat(clean.batched).isTrue();
        assertThat(clean.notIndexed).as("the string 7, dead-lettered by the job").isEqualTo(1);
        assertThat(clean.inSync()).as("missing %s extra %s stale %s", clean.missing, clean.extra, clean.stale).isTrue();

        es.delete("/" + index + "/_doc/1000?refresh=true");
        es.put("/" + index + "/_doc/" + java.net.URLEncoder.encode("{\"a\":1}", StandardCharsets.UTF_8) + "?refresh=true",
                "{\"mongo_id\":\"{\\\"a\\\":1}\",\"n\":5}");
        es.put("/" + index + "/_doc/99999?refresh=true", "{\"mongo_id\":\"99999\"}");
        Verify.Result drift = verify.compare(client, es, namespace, index);
        assertThat(drift.missing).containsExactly("1000");
        assertThat(drift.stale).containsExactly("{\"a\":1}");
        assertThat(drift.extra).containsExactly("99999");
        assertThat(drift.inSync()).isFalse();
    }
}
