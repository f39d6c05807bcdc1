package io.mongoessync.route;

import io.mongoessync.config.RouteSettings;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint of a release that kept each document in three states ("version", "place",
 * "id-family") restores into this one, on the heap and in RocksDB: documents keep their place,
 * version and holder, read from the old states until the first broadcast element moves them all.
 */
class SyncFunctionStateUpgradeTest {

    private static final String NS = "mydb.hotmovies";
    private static final long T = (1_700_000_000L << 32) | 1;
    private static final RouteSettings SETTINGS = SyncHarness.settings(NS);
    private static final DdlEvent TICK = new DdlEvent(DdlEvent.Operation.TICK, "", null, 0);

    /** Each case once per state backend: tests use the heap, the job RocksDB. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    private @interface OnHeapAndInRocksDb {}

    /** What an earlier release kept of a document; a null place for one deleted since. */
    private static ChangeEvent earlier(String id, String family, long version, String place) {
        ChangeEvent event = new ChangeEvent(NS, Operation.INSERT, id, place, version, false);
        event.idFamily = family;
        return event;
    }

    /** The earlier release's per-document states, as its routing operator wrote them. */
    private static final class EarlierRelease extends KeyedBroadcastProcessFunction<String, ChangeEvent, DdlEvent, IndexAction> {
        private transient ValueState<Long> version;
        private transient ValueState<String> place;
        private transient ValueState<String> idFamily;

        @Override
        public void open(Configuration parameters) {
            version = getRuntimeContext().getState(DocumentStates.versionDescriptor());
            place = getRuntimeContext().getState(new ValueStateDescriptor<>("place", Types.STRING));
            idFamily = getRuntimeContext().getState(new ValueStateDescriptor<>("id-family", Types.STRING));
        }

        @Override
        public void processElement(ChangeEvent event, ReadOnlyContext context, Collector<IndexAction> out) throws Exception {
            version.update(event.clusterTime);
            if (event.document != null) {
                place.update(event.document);
                idFamily.update(event.idFamily);
            }
        }

        @Override
        public void processBroadcastElement(DdlEvent event, Context context, Collector<IndexAction> out) {}
    }

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(
            KeyedBroadcastProcessFunction<String, ChangeEvent, DdlEvent, IndexAction> function, String backend,
            OperatorSubtaskState snapshot) throws Exception {
        var harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(function, List.of(SyncFunction.DROPPED)),
                new DocumentKeys(SETTINGS), Types.STRING, 1, 1, 0);
        StateBackend state = backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
        harness.setStateBackend(state);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }

    /** A savepoint of the earlier release holding m1 in old-index, m2 in hotmovies, and deleted m3's version. */
    private static OperatorSubtaskState earlierSavepoint(String backend) throws Exception {
        var earlier = harness(new EarlierRelease(), backend, null);
        earlier.processElement(earlier("m1", "string", T, "old-index\u0001" + T), 0);
        earlier.processElement(earlier("m2", "number", T, "hotmovies\u0001" + T), 0);
        earlier.processElement(earlier("m3", "string", T + 50, null), 0);
        OperatorSubtaskState savepoint = earlier.snapshot(1, 1);
        earlier.close();
        return savepoint;
    }

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> restored(
            String backend, OperatorSubtaskState savepoint) throws Exception {
        return harness(new SyncFunction(SETTINGS, null), backend, savepoint);
    }

    private static ChangeEvent change(Operation operation, String id, String family, long time) {
        String document = operation == Operation.DELETE ? null : "{\"_id\": \"" + id + "\"}";
        ChangeEvent event = new ChangeEvent(NS, operation, id, document, time, false);
        event.idFamily = family;
        return event;
    }

    private static List<String> writes(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        List<String> writes = harness.extractOutputValues().stream()
                .map(a -> (a.delete ? "delete " : "index ") + a.index + " " + a.id + " v" + (a.version - T))
                .collect(Collectors.toList());
        harness.getOutput().clear();
        return writes;
    }

    /** How many keys each per-document state holds. */
    private static List<String> keys(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        var backend = harness.getOperator().getKeyedStateBackend();
        List<String> counts = new java.util.ArrayList<>();
        for (String state : List.of("document", "version", "place", "id-family")) {
            // Closed, since RocksDB's key streams hold a native iterator.
            try (var keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                counts.add(state + " " + keys.count());
            }
        }
        return counts;
    }

    /** Each document as the earlier release left it, whether or not the move has happened yet. */
    private static void assertDocumentsAsTheEarlierReleaseLeftThem(
            KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) throws Exception {
        // m1 moves from the index it was written to, at a version above its last.
        harness.processElement(change(Operation.UPDATE, "m1", "string", T), 0);
        assertThat(writes(harness)).containsExactly("delete old-index m1 v1", "index hotmovies m1 v1");
        // m2's Elasticsearch document is held by a number: a string of the same text is refused.
        harness.processElement(change(Operation.INSERT, "m2", "string", T + 2), 0);
        assertThat(harness.extractOutputValues()).singleElement()
                .satisfies(a -> assertThat(a.index).isEqualTo("mongo-es-sync-dead-letters"));
        harness.getOutput().clear();
        // m3's version outlived its delete: an older insert replayed gets a higher one still.
        harness.processElement(change(Operation.INSERT, "m3", "string", T + 3), 0);
        assertThat(writes(harness)).containsExactly("index hotmovies m3 v51");
    }

    @OnHeapAndInRocksDb
    void documentsAreReadFromTheEarlierStatesBeforeTheMove(String backend) throws Exception {
        var harness = restored(backend, earlierSavepoint(backend));
        assertDocumentsAsTheEarlierReleaseLeftThem(harness);
        harness.close();
    }

    @OnHeapAndInRocksDb
    void documentsAreTheSameAfterTheMoveAndInTheNextSavepoint(String backend) throws Exception {
        var moved = restored(backend, earlierSavepoint(backend));
        assertThat(keys(moved)).containsExactly("document 0", "version 3", "place 2", "id-family 2");
        moved.processBroadcastElement(TICK, 0);
        assertThat(writes(moved)).isEmpty();
        assertThat(keys(moved)).as("m1 and m2 in one state each, m3's version alone")
                .containsExactly("document 2", "version 1", "place 0", "id-family 0");
        OperatorSubtaskState savepoint = moved.snapshot(2, 2);
        moved.close();
        var harness = restored(backend, savepoint);
        assertDocumentsAsTheEarlierReleaseLeftThem(harness);
        harness.close();
    }

    @OnHeapAndInRocksDb
    void aDropFindsTheDocumentsOfTheEarlierRelease(String backend) throws Exception {
        var harness = restored(backend, earlierSavepoint(backend));
        // m1 was changed before the move, m2 only known from the earlier states; m3 is not in Elasticsearch.
        harness.processElement(change(Operation.UPDATE, "m1", "string", T + 1), 0);
        writes(harness);
        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 100), 0);
        assertThat(writes(harness)).containsExactlyInAnyOrder("delete hotmovies m1 v100", "delete hotmovies m2 v100");
        harness.close();
    }
}
