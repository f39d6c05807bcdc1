package io.mongoessync.route;

import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/** A raw copy against changes of the same document, ordered by cluster time whichever arrives first. */
class SyncFunctionCopiesTest {

    private static final String NS = "mydb.hotmovies";
    private static final long T = (1_700_000_000L << 32) | 1;

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(String... pairs)
            throws Exception {
        return SyncHarness.open(new SyncFunction(SyncHarness.settings(NS, pairs), null));
    }

    /** A copy as the raw reader makes it: BSON bytes, read at this cluster time. */
    private static ChangeEvent copy(String id, String json, long readAt) {
        ChangeEvent event = new ChangeEvent(NS, Operation.INSERT, id, null, readAt, true);
        ByteBuffer buffer = RawBsonDocument.parse(json).getByteBuffer().asNIO();
        event.bson = new byte[buffer.remaining()];
        buffer.get(event.bson);
        return event;
    }

    private static ChangeEvent change(Operation operation, String id, String json, long clusterTime) {
        return new ChangeEvent(NS, operation, id, json, clusterTime, false);
    }

    @Test
    void aCopyIsWrittenFromItsBytesAtItsReadTime() throws Exception {
        var harness = harness();
        harness.processElement(copy("a1", "{\"_id\": \"a1\", \"title\": \"x\"}", T), 0);
        IndexAction action = harness.extractOutputValues().get(0);
        assertThat(action.version).isEqualTo(T);
        assertThat(action.copy).as("a raw copy needs no gate: the stream replays every later change").isFalse();
        assertThat(BsonDocument.parse(action.source).getString("title").getValue()).isEqualTo("x");
    }

    @Test
    void aCopyOlderThanAChangeAlreadyAppliedIsDroppedNotBumpedOverIt() throws Exception {
        var harness = harness();
        harness.processElement(change(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"title\": \"new\"}", T + 5), 0);
        harness.processElement(copy("a1", "{\"_id\": \"a1\", \"title\": \"old\"}", T), 0);
        harness.processElement(copy("a1", "{\"_id\": \"a1\", \"title\": \"old\"}", T + 5), 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.extractOutputValues().get(0).version).isEqualTo(T + 5);
    }

    @Test
    void aCopyReadBeforeADeleteThatArrivedFirstDoesNotBringTheDocumentBack() throws Exception {
        var harness = harness();
        harness.processElement(change(Operation.DELETE, "a1", null, T + 2), 0);
        harness.processElement(copy("a1", "{\"_id\": \"a1\"}", T + 1), 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.extractOutputValues().get(0).delete).isTrue();
    }

    @Test
    void aChangeAfterTheCopysReadTimeWinsOverIt() throws Exception {
        var harness = harness();
        harness.processElement(copy("a1", "{\"_id\": \"a1\", \"title\": \"old\"}", T), 0);
        harness.processElement(change(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"title\": \"new\"}", T + 1), 0);
        assertThat(harness.extractOutputValues()).extracting(a -> a.version).containsExactly(T, T + 1);
    }

    @Test
    void aChangeTheCopyAlreadyHoldsIsNotAppliedAgainWhenItArrivesLate() throws Exception {
        var harness = harness();
        harness.processElement(copy("a1", "{\"_id\": \"a1\", \"title\": \"now\"}", T), 0);
        harness.processElement(change(Operation.INSERT, "a1", "{\"_id\": \"a1\", \"title\": \"then\"}", T - 3), 0);
        harness.processElement(change(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"title\": \"now\"}", T), 0);
        harness.processElement(change(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"title\": \"later\"}", T + 1), 0);
        harness.processElement(change(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"title\": \"same time\"}", T + 1), 0);
        assertThat(harness.extractOutputValues()).extracting(a -> a.version).containsExactly(T, T + 1, T + 2);
    }

    @Test
    void aRefusedCopyIsDeadLetteredOnceThoughItsInsertArrivesAfterIt() throws Exception {
        var harness = harness("document-max-bytes", "1kb", "dead-letter-index", "dead");
        String large = "{\"_id\": \"a1\", \"overview\": \"" + "x".repeat(2000) + "\"}";
        harness.processElement(copy("a1", large, T), 0);
        harness.processElement(change(Operation.INSERT, "a1", large, T - 1), 0);
        assertThat(harness.extractOutputValues()).hasSize(1);
        assertThat(harness.extractOutputValues().get(0).index).isEqualTo("dead");
    }

    @Test
    void changesFromBeforeTheFirstStartAreInTheCopyAndARestoreKeepsThatStart() throws Exception {
        var route = new SyncFunction(SyncHarness.settings(NS), null, T);
        var first = SyncHarness.open(route);
        first.processElement(change(Operation.INSERT, "a1", "{\"_id\": \"a1\"}", T - 1), 0);
        first.processElement(change(Operation.INSERT, "a2", "{\"_id\": \"a2\"}", T), 0);
        assertThat(first.extractOutputValues()).extracting(a -> a.id).containsExactly("a2");
        var checkpoint = first.snapshot(1, 1);

        // A later submission computes a later start; the restored job keeps the first one.
        var restored = SyncHarness.restore(new SyncFunction(SyncHarness.settings(NS), null, T + 100), checkpoint);
        restored.processElement(change(Operation.UPDATE, "a3", "{\"_id\": \"a3\"}", T + 1), 0);
        assertThat(restored.extractOutputValues()).extracting(a -> a.id).containsExactly("a3");
    }
}
