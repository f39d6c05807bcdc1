package io.mongoessync.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids that print alike, and ids Elasticsearch cannot take: never an overwrite, never a silent skip. */
class SyncFunctionIdsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "mydb.hotmovies";
    private static final String DEAD = "mongo-es-sync-dead-letters";
    private static final long T = (1_700_000_000L << 32) | 1;

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(String... pairs)
            throws Exception {
        return SyncHarness.open(new SyncFunction(SyncHarness.settings(NS, pairs), null));
    }

    private static ChangeEvent insert(BsonValue id, String title, long time) {
        String document = new BsonDocument("_id", id).append("title", new BsonString(title)).toJson();
        return ChangeEvent.of(NS, Operation.INSERT, id, document, time, false);
    }

    private static ChangeEvent delete(BsonValue id, long time) {
        return ChangeEvent.of(NS, Operation.DELETE, id, null, time, false);
    }

    @Test
    void anIdOfAnotherTypeWithTheSameTextIsDeadLetteredInsteadOfOverwriting() throws Exception {
        var harness = harness();
        harness.processElement(insert(new BsonInt32(1), "int", T), 0);
        harness.processElement(insert(new BsonString("1"), "string", T + 1), 0);
        harness.processElement(insert(new BsonInt32(1), "int again", T + 2), 0);

        List<IndexAction> actions = harness.extractOutputValues();
        assertThat(actions).extracting(a -> a.index).containsExactly("hotmovies", DEAD, "hotmovies");
        assertThat(actions.get(2).source).contains("int again");
        JsonNode record = JSON.readTree(actions.get(1).source);
        assertThat(record.path("document_id").asText()).isEqualTo("1");
        assertThat(record.path("error").asText()).contains("_id is a string", "already holds the document whose _id is a number");
        assertThat(actions.get(2).version).as("the clash took no version from the document's state").isEqualTo(T + 2);
    }

    @Test
    void theDeleteOfTheRefusedIdLeavesTheHoldersDocument() throws Exception {
        var harness = harness();
        ObjectId oid = new ObjectId("5f1b2c3d4e5f60718293a4b5");
        harness.processElement(insert(new BsonObjectId(oid), "object id", T), 0);
        harness.processElement(insert(new BsonString(oid.toHexString()), "hex string", T + 1), 0);
        harness.processElement(delete(new BsonString(oid.toHexString()), T + 2), 0);

        assertThat(harness.extractOutputValues()).extracting(a -> a.index + (a.delete ? " delete" : " index"))
                .containsExactly("hotmovies index", DEAD + " index");
    }

    @Test
    void onceTheHolderIsDeletedTheOtherIdMayTakeTheDocument() throws Exception {
        var harness = harness();
        harness.processElement(insert(BsonBoolean.TRUE, "boolean", T), 0);
        harness.processElement(delete(BsonBoolean.TRUE, T + 1), 0);
        harness.processElement(insert(new BsonString("true"), "string", T + 2), 0);

        List<IndexAction> actions = harness.extractOutputValues();
        assertThat(actions).extracting(a -> a.index + (a.delete ? " delete" : " index"))
                .containsExactly("hotmovies index", "hotmovies delete", "hotmovies index");
        assertThat(JSON.readTree(actions.get(2).source).path("mongo_id").asText()).isEqualTo("true");
    }

    @Test
    void aSoftDeletedDocumentKeepsItsIdTaken() throws Exception {
        var harness = harness("soft-delete", "true");
        harness.processElement(insert(new BsonInt32(7), "int", T), 0);
        harness.processElement(delete(new BsonInt32(7), T + 1), 0);
        harness.processElement(insert(new BsonString("7"), "string", T + 2), 0);

        assertThat(harness.extractOutputValues()).extracting(a -> a.index).containsExactly("hotmovies", "hotmovies", DEAD);
    }

    @Test
    void anIdElasticsearchCannotTakeIsDeadLetteredWithAnIdItCanTake() throws Exception {
        var harness = harness();
        BsonString id = new BsonString("x".repeat(600));
        harness.processElement(insert(id, "long id", T), 0);

        List<IndexAction> actions = harness.extractOutputValues();
        assertThat(actions).extracting(a -> a.index).containsExactly(DEAD);
        assertThat(actions.get(0).id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        assertThat(JSON.readTree(actions.get(0).source).path("error").asText()).contains("600 bytes", "at most 512");
    }

    /** Elasticsearch refused such a record, the job failed, and its replay failed again: a restart loop. */
    @Test
    void recordsAboutAnIdNearTheLimitGetIdsElasticsearchTakes() throws Exception {
        var harness = harness("time-machine-namespaces", NS);
        String id = "y".repeat(505);
        harness.processElement(ChangeEvent.of(NS, Operation.INSERT, new BsonString(id), "{not json", T, false), 0);
        harness.processElement(insert(new BsonString(id + "z"), "fits", T), 0);

        List<IndexAction> actions = harness.extractOutputValues();
        assertThat(actions).extracting(a -> a.index).containsExactly(DEAD, "hotmovies", "log.mydb.hotmovies");
        for (IndexAction action : actions) {
            assertThat(action.id.getBytes(StandardCharsets.UTF_8).length).as(action.index).isLessThanOrEqualTo(512);
        }
        assertThat(actions.get(0).id).as("still tells records apart").isNotEqualTo(actions.get(2).id);
    }

    @Test
    void mongoIdIsTextForEveryTypeOfId() throws Exception {
        var harness = harness();
        harness.processElement(insert(new BsonInt32(5), "int", T), 0);
        harness.processElement(insert(new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("x")), "compound", T), 0);

        List<IndexAction> actions = harness.extractOutputValues();
        assertThat(JSON.readTree(actions.get(0).source).path("mongo_id").isTextual()).isTrue();
        assertThat(JSON.readTree(actions.get(0).source).path("mongo_id").asText()).isEqualTo("5");
        assertThat(JSON.readTree(actions.get(1).source).path("mongo_id").asText()).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    }
}
