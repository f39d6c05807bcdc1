package io.mongoessync.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Two collections mapped to one index: documents with one _id never share an Elasticsearch document. */
class SyncFunctionSharedIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "mydb.a";
    private static final String B = "mydb.b";
    private static final String DEAD = "mongo-es-sync-dead-letters";
    private static final long T = (1_700_000_000L << 32) | 1;

    private static RouteSettings settings(String... pairs) {
        JobParams params = new JobParams().put("direct-read-namespaces", A + "," + B).put("index-mapping", A + ":shared," + B + ":shared");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return SyncConfig.from(params.toConfiguration()).route();
    }

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness() throws Exception {
        return SyncHarness.open(new SyncFunction(settings(), null));
    }

    private static ChangeEvent insert(String namespace, BsonValue id, String title, long time) {
        String document = new BsonDocument("_id", id).append("title", new BsonString(title)).toJson();
        return ChangeEvent.of(namespace, Operation.INSERT, id, document, time, false);
    }

    private static ChangeEvent delete(String namespace, BsonValue id, long time) {
        return ChangeEvent.of(namespace, Operation.DELETE, id, null, time, false);
    }

    /** A copy as the raw reader makes it. */
    private static ChangeEvent copy(String namespace, BsonValue id, String title, long readAt) {
        ChangeEvent event = ChangeEvent.of(namespace, Operation.INSERT, id, null, readAt, true);
        ByteBuffer buffer = RawBsonDocument.parse(new BsonDocument("_id", id).append("title", new BsonString(title)).toJson())
                .getByteBuffer().asNIO();
        event.bson = new byte[buffer.remaining()];
        buffer.get(event.bson);
        return event;
    }

    private static List<String> writes(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        return harness.extractOutputValues().stream().map(a -> (a.delete ? "delete " : "index ") + a.index + "/" + a.id).toList();
    }

    /** Before, the second wrote over the first (one _id in one index), and deleting either deleted both. */
    @Test
    void theSameIdInAnotherNamespaceIsDeadLetteredInsteadOfOverwriting() throws Exception {
        var harness = harness();
        harness.processElement(insert(A, new BsonInt32(1), "from a", T), 0);
        harness.processElement(insert(B, new BsonInt32(1), "from b", T + 1), 0);
        harness.processElement(delete(B, new BsonInt32(1), T + 2), 0);
        harness.processElement(insert(A, new BsonInt32(1), "from a again", T + 3), 0);

        assertThat(writes(harness)).containsExactly("index shared/1", "index " + DEAD + "/" + harness.extractOutputValues().get(1).id,
                "index shared/1");
        JsonNode record = JSON.readTree(harness.extractOutputValues().get(1).source);
        assertThat(record.path("namespace").asText()).isEqualTo(B);
        assertThat(record.path("error").asText()).contains("Elasticsearch _id '1' in index 'shared' already holds the document of mydb.a",
                "map the namespaces to different indexes");
        assertThat(harness.extractOutputValues().get(2).source).contains("from a again");
    }

    /** A copy older than the holder's last change was dropped as stale: lost without a word. */
    @Test
    void anOlderCopyFromTheOtherNamespaceIsDeadLetteredNotDropped() throws Exception {
        var harness = harness();
        harness.processElement(insert(A, new BsonString("k"), "from a", T + 10), 0);
        harness.processElement(copy(B, new BsonString("k"), "copied from b", T), 0);

        assertThat(harness.extractOutputValues()).extracting(a -> a.index).containsExactly("shared", DEAD);
    }

    @Test
    void onceTheHolderIsDeletedTheOtherNamespaceMayTakeTheId() throws Exception {
        var harness = harness();
        harness.processElement(insert(A, new BsonInt32(2), "from a", T), 0);
        harness.processElement(delete(A, new BsonInt32(2), T + 1), 0);
        harness.processElement(insert(B, new BsonInt32(2), "from b", T + 2), 0);

        assertThat(writes(harness)).containsExactly("index shared/2", "delete shared/2", "index shared/2");
        assertThat(harness.extractOutputValues().get(2).source).contains("from b");
    }

    @Test
    void aDropDeletesOnlyTheDroppedNamespacesDocuments() throws Exception {
        var harness = harness();
        harness.processElement(insert(A, new BsonInt32(1), "a1", T), 0);
        harness.processElement(insert(B, new BsonInt32(2), "b2", T), 0);
        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, A, null, T + 10), 0);

        assertThat(writes(harness)).containsExactly("index shared/1", "index shared/2", "delete shared/1");
    }

    @Test
    void namespacesThatShareNoIndexKeepTheirKeys() {
        RouteSettings own = SyncConfig.from(new JobParams().put("direct-read-namespaces", A + "," + B)
                .put("index-mapping", A + ":one," + B + ":two").toConfiguration()).route();
        ChangeEvent event = insert(A, new BsonInt32(1), "a", T);
        assertThat(new DocumentKeys(own).getKey(event)).as("the keys savepoints hold").isEqualTo(event.key());
        assertThat(new DocumentKeys(settings()).getKey(event)).isNotEqualTo(event.key());
    }

    @Test
    void whichNamespacesShareAnIndex() {
        assertThat(settings().sharesIndex(A)).isTrue();
        assertThat(shares("mydb.*", "mydb.*:all", "mydb.a")).isTrue();
        assertThat(shares("mydb.a,mydb.b", "", "mydb.a")).as("{db}.{collection}").isFalse();
        assertThat(shares("mydb.a,mydb.b", "mydb.a:one,mydb.b:two", "mydb.a")).isFalse();
        assertThat(shares("mydb.a,other.x", "mydb.a:hot,other.x:hot", "other.x")).as("across databases").isTrue();
        assertThat(shares("mydb.*", "", "mydb.a")).as("{db}.{collection} for every collection").isFalse();
        assertThat(shares("mydb.a", "*:everything", "mydb.a")).isTrue();
        assertThat(shares("mydb.a,mydb.b", "mydb.a:mydb.b", "mydb.b")).as("b's default name is a's mapping").isTrue();
        assertThat(shares("mydb.a", "mydb.a:movies-{release_date:yyyy}", "mydb.a")).as("taken from the document").isFalse();
    }

    private static boolean shares(String namespaces, String mapping, String namespace) {
        JobParams params = new JobParams().put("direct-read-namespaces", namespaces);
        if (!mapping.isEmpty()) {
            params.put("index-mapping", mapping);
        }
        return SyncConfig.from(params.toConfiguration()).route().sharesIndex(namespace);
    }
}
