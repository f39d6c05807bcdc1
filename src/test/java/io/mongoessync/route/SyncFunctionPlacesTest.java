package io.mongoessync.route;

import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import io.mongoessync.source.DdlEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Where documents go when their index, routing or fate depends on their content. */
class SyncFunctionPlacesTest {

    private static final String NS = "mydb.hotmovies";
    private static final long T = (1_700_000_000L << 32) | 1;

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(String... pairs) throws Exception {
        JobParams params = new JobParams().put("direct-read-namespaces", NS);
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return SyncHarness.open(new SyncFunction(SyncConfig.from(params.toConfiguration()).route(), null));
    }

    private static void change(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness,
            Operation operation, String document, long time) throws Exception {
        harness.processElement(new ChangeEvent(NS, operation, "m1", document, time, false), 0);
    }

    private static List<String> writes(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        return harness.extractOutputValues().stream()
                .map(a -> (a.delete ? "delete " : "index ") + a.index + (a.routing == null ? "" : " r=" + a.routing)
                        + (a.pipeline == null ? "" : " p=" + a.pipeline))
                .collect(Collectors.toList());
    }

    @Test
    void aDocumentWhoseIndexChangesLeavesItsOldIndexAndItsDeleteFindsTheNewOne() throws Exception {
        var harness = harness("index-mapping", NS + ":movies-{release_date:yyyy}", "routing-field", NS + ":studio",
                "index-pipeline", NS + ":clean");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"release_date\": \"1999-01-01\", \"studio\": \"a\"}", T);
        change(harness, Operation.UPDATE, "{\"_id\": \"m1\", \"release_date\": \"2001-01-01\", \"studio\": \"a\"}", T + 1);
        change(harness, Operation.UPDATE, "{\"_id\": \"m1\", \"release_date\": \"2001-05-05\", \"studio\": \"b\"}", T + 2);
        change(harness, Operation.DELETE, null, T + 3);
        assertThat(writes(harness)).containsExactly(
                "index movies-1999 r=a p=clean",
                "delete movies-1999 r=a", "index movies-2001 r=a p=clean",
                "delete movies-2001 r=a", "index movies-2001 r=b p=clean",
                "delete movies-2001 r=b");
    }

    @Test
    void aDeleteOfADocumentThisJobNeverPlacedIsDeadLettered() throws Exception {
        var harness = harness("index-mapping", NS + ":movies-{release_date:yyyy}");
        change(harness, Operation.DELETE, null, T);
        IndexAction record = harness.extractOutputValues().get(0);
        assertThat(record.index).isEqualTo("mongo-es-sync-dead-letters");
        assertThat(record.source).contains("never wrote it");
    }

    @Test
    void filterThenDeleteRemovesDocumentsWhoseFieldIsSet() throws Exception {
        var harness = harness("delete-when-field", NS + ":deletedAt", "index-mapping", NS + ":hotmovies");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"deletedAt\": null}", T);
        change(harness, Operation.UPDATE, "{\"_id\": \"m1\", \"deletedAt\": {\"$date\": \"2024-01-01T00:00:00Z\"}}", T + 1);
        assertThat(writes(harness)).containsExactly("index hotmovies", "delete hotmovies");
    }

    @Test
    void fieldsAreKeptDroppedAndRenamed() throws Exception {
        var harness = harness("include-fields", NS + ":title," + NS + ":cast.name," + NS + ":overview",
                "exclude-fields", NS + ":overview", "rename-fields", NS + ":title=name.display");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"title\": \"乘风破浪的程序媛\", \"overview\": \"x\", "
                + "\"secret\": 1, \"cast\": {\"name\": \"z\", \"age\": 3}}", T);
        assertThat(harness.extractOutputValues().get(0).source)
                .isEqualTo("{\"mongo_id\":\"m1\",\"cast\":{\"name\":\"z\"},\"name\":{\"display\":\"乘风破浪的程序媛\"}}");
    }

    @Test
    void aFailingScriptDeadLettersTheDocumentUnlessFailFast(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("s.js"),
                "module.exports = function(doc) { if (doc.bad) throw new Error('no bad movies'); return doc; }");
        var harness = harness("script", NS + ":" + script);
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"bad\": true}", T);
        assertThat(harness.extractOutputValues().get(0).source).contains("no bad movies").contains("\"document_id\":\"m1\"");

        var failFast = harness("script", NS + ":" + script, "fail-fast", "true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> change(failFast, Operation.INSERT, "{\"_id\": \"m1\", \"bad\": true}", T))
                .isInstanceOf(org.apache.flink.runtime.execution.SuppressRestartsException.class)
                .hasStackTraceContaining("no bad movies").hasStackTraceContaining("fail-fast");
    }

    @Test
    void aDropDeletesTheCollectionsDocumentsAndVoidsItsOlderChanges() throws Exception {
        var harness = harness("index-mapping", NS + ":hotmovies", "change-stream-namespaces", "mydb.*");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\"}", T);
        harness.processElement(new ChangeEvent("mydb.other", Operation.INSERT, "o1", "{\"_id\": \"o1\"}", T, false), 0);
        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 10), 0);
        // Still on its way when the drop arrived: from the dropped collection, so void.
        change(harness, Operation.UPDATE, "{\"_id\": \"m1\", \"late\": true}", T + 5);
        // The collection is created again.
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"again\": true}", T + 20);
        // The void change is deleted at the drop's time: a failed run may have written it after the
        // checkpoint its replay restored, where the drop finds no place for it.
        assertThat(writes(harness)).containsExactly("index hotmovies", "index mydb.other", "delete hotmovies", "delete hotmovies",
                "index hotmovies");
        assertThat(harness.extractOutputValues().get(2).version).isEqualTo(T + 10);
        assertThat(harness.extractOutputValues().get(4).source).contains("again");
        assertThat(harness.extractOutputValues().get(4).version).isGreaterThan(harness.extractOutputValues().get(3).version);

        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP_DATABASE, "mydb", null, T + 30), 0);
        assertThat(writes(harness).subList(5, 7)).containsExactlyInAnyOrder("delete hotmovies", "delete mydb.other");

        var kept = harness("dropped-collections", "false");
        change(kept, Operation.INSERT, "{\"_id\": \"m1\"}", T);
        kept.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 10), 0);
        assertThat(writes(kept)).as("dropped-collections=false keeps the documents").containsExactly("index mydb.hotmovies");
    }

    /**
     * A collection dropped and at once filled again with the same ids: the refill's insert can reach
     * the operator before the drop's broadcast. The drop then deleted it, with a version bumped past
     * the insert's, so the new document was gone for good.
     */
    @Test
    void aDropThatArrivesAfterALaterWriteLeavesThatWrite() throws Exception {
        var harness = harness("index-mapping", NS + ":hotmovies");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\"}", T);
        harness.processElement(new ChangeEvent(NS, Operation.INSERT, "m2", "{\"_id\": \"m2\"}", T, false), 0);
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"again\": true}", T + 20);
        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 10), 0);

        assertThat(writes(harness)).containsExactly("index hotmovies", "index hotmovies", "index hotmovies", "delete hotmovies");
        assertThat(harness.extractOutputValues().get(3).id).as("only the document written before the drop").isEqualTo("m2");
    }

    @Test
    void theTimeMachineRecordsEveryChangeOnce() throws Exception {
        var harness = harness("time-machine-namespaces", "mydb.*", "time-machine-index-suffix", "yyyy");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"n\": 1}", T);
        change(harness, Operation.DELETE, null, T + 1);
        var history = harness.extractOutputValues().stream().filter(a -> a.index.startsWith("log.")).collect(Collectors.toList());
        assertThat(history).extracting(a -> a.index + "/" + a.id)
                .containsExactly("log.mydb.hotmovies.2023/m1/" + T, "log.mydb.hotmovies.2023/m1/" + (T + 1));
        assertThat(history.get(0).source).contains("\"operation\":\"insert\"", "\"document\":{\"mongo_id\":\"m1\",\"n\":1}",
                "\"cluster_time\":\"2023-11-14T22:13:20Z\"");
        assertThat(history.get(1).source).contains("\"operation\":\"delete\"", "\"document\":null");
    }

    @Test
    void indexAsUpdateSendsWhatAnUpdateChangedWithoutExternalVersions() throws Exception {
        var harness = harness("index-as-update", "true");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"title\": \"a\"}", T);
        harness.processElement(new ChangeEvent(NS, Operation.UPDATE, "m1", "{\"_id\": \"m1\", \"title\": \"b\"}", T + 1, false)
                .describedBy("{\"updatedFields\": {\"title\": \"b\"}, \"removedFields\": []}"), 0);
        change(harness, Operation.DELETE, null, T + 2);
        var actions = harness.extractOutputValues();
        assertThat(actions).allMatch(a -> a.asUpdate);
        assertThat(actions.get(0).partial).as("an insert merges the whole document").isNull();
        assertThat(actions.get(1).partial).isEqualTo("{\"title\":\"b\"}");
        assertThat(actions.get(1).source).as("the upsert, should the document be missing").contains("\"title\":\"b\"");
        assertThat(actions.get(2).delete).isTrue();
    }

    /**
     * Merges left Elasticsearch different from MongoDB: a replace kept the fields it dropped, an
     * update through array positions lost its $unset, and a soft-deleted document inserted again
     * stayed marked deleted.
     */
    @Test
    void indexAsUpdateNullsWhatTheDocumentNoLongerHas() throws Exception {
        var harness = harness("index-as-update", "true", "soft-delete", "true");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"title\": \"a\", \"plot\": \"p\", \"cast\": {\"lead\": \"x\", \"extra\": \"y\"}}", T);
        change(harness, Operation.REPLACE, "{\"_id\": \"m1\", \"title\": \"b\", \"cast\": {\"lead\": \"x\"}}", T + 1);
        harness.processElement(new ChangeEvent(NS, Operation.UPDATE, "m1", "{\"_id\": \"m1\", \"title\": \"b\", \"cast\": {}}", T + 2, false)
                .describedBy("{\"updatedFields\": {\"roles.0\": \"z\"}, \"removedFields\": [\"cast.lead\"]}"), 0);
        change(harness, Operation.DELETE, null, T + 3);
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"title\": \"again\"}", T + 4);

        var actions = harness.extractOutputValues();
        assertThat(actions.get(0).partial).as("the first write has nothing to null").contains("\"__deleted\":null");
        assertThat(actions.get(1).partial).contains("\"title\":\"b\"", "\"plot\":null", "\"extra\":null");
        assertThat(actions.get(2).partial).as("array path: the whole document, with the unset field null")
                .contains("\"lead\":null");
        assertThat(actions.get(3).source).contains("\"__deleted\":true");
        assertThat(actions.get(4).partial).contains("\"title\":\"again\"", "\"__deleted\":null", "\"__deleted_at\":null",
                "\"cast\":null");
    }

    /**
     * An update's document is looked up when the change is read, and may already show a later
     * replace. Taken as what Elasticsearch had, it hid the field the replace dropped (seen as stale
     * documents after kills in FailureRecoveryIT).
     */
    @Test
    void indexAsUpdateKnowsWhatItWroteNotWhatTheLookupSaw() throws Exception {
        var harness = harness("index-as-update", "true");
        change(harness, Operation.INSERT, "{\"_id\": \"m1\", \"title\": \"a\", \"plot\": \"p\"}", T);
        harness.processElement(new ChangeEvent(NS, Operation.UPDATE, "m1", "{\"_id\": \"m1\", \"title\": \"y\"}", T + 1, false)
                .describedBy("{\"updatedFields\": {\"title\": \"b\"}, \"removedFields\": []}"), 0);
        change(harness, Operation.REPLACE, "{\"_id\": \"m1\", \"title\": \"y\"}", T + 2);

        var actions = harness.extractOutputValues();
        assertThat(actions.get(1).partial).isEqualTo("{\"title\":\"b\"}");
        assertThat(actions.get(2).partial).contains("\"plot\":null");
    }

    /**
     * A drop of many documents: sent a bounded number per tick, kept across a checkpoint, and a
     * change of a document whose delete still waits sends the delete first. Sending them all from
     * one call blocked checkpoint barriers for as long as Elasticsearch took.
     */
    @Test
    void aLargeDropIsSentInBoundedStepsThatSurviveACheckpoint() throws Exception {
        var harness = harness("index-mapping", NS + ":hotmovies");
        for (int i = 0; i < 2_500; i++) {
            harness.processElement(new ChangeEvent(NS, Operation.INSERT, "d" + i, "{\"_id\": \"d" + i + "\"}", T, false), 0);
        }
        harness.getOutput().clear();
        harness.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 10), 0);
        assertThat(writes(harness)).hasSize(PendingDeletes.PER_TICK);

        java.util.Set<String> sentFirst = new java.util.HashSet<>();
        harness.extractOutputValues().forEach(a -> sentFirst.add(a.id));
        String waiting = java.util.stream.IntStream.range(0, 2_500).mapToObj(i -> "d" + i)
                .filter(id -> !sentFirst.contains(id)).findFirst().orElseThrow();
        var snapshot = harness.snapshot(1, 1);
        harness.close();
        var restored = SyncHarness.restore(new SyncFunction(SyncConfig.from(new JobParams().put("direct-read-namespaces", NS)
                .put("index-mapping", NS + ":hotmovies").toConfiguration()).route(), null), snapshot);
        // Created again at once: its pending delete goes first, then the new document.
        restored.processElement(new ChangeEvent(NS, Operation.INSERT, waiting, "{\"_id\": \"" + waiting + "\", \"again\": true}",
                T + 20, false), 0);
        var first = restored.extractOutputValues();
        assertThat(first.get(0).delete).isTrue();
        assertThat(first.get(0).id).isEqualTo(waiting);
        assertThat(first.get(first.size() - 1).source).contains("again");
        for (int tick = 0; tick < 3; tick++) {
            restored.processBroadcastElement(new DdlEvent(DdlEvent.Operation.TICK, "", null, 0), 0);
        }
        java.util.Set<String> deleted = new java.util.HashSet<>();
        harness.extractOutputValues().forEach(a -> deleted.add(a.id));
        restored.extractOutputValues().stream().filter(a -> a.delete).forEach(a -> deleted.add(a.id));
        assertThat(deleted).as("every dropped document deleted once the ticks drained the rest").hasSize(2_500);
    }

    /**
     * A run writes a change after its last checkpoint, then fails; the replay gets the drop first,
     * so the change is void, and the restored state has no place for the drop to delete. It was
     * left in Elasticsearch for good (FailureRecoveryIT.dropAndRefillUnderKills: extra documents).
     */
    @Test
    void aReplayedChangeVoidedByADropIsDeletedInCaseTheFailedRunWroteIt() throws Exception {
        var first = harness("index-mapping", NS + ":hotmovies");
        var checkpoint = first.snapshot(1, 1);
        first.processElement(new ChangeEvent(NS, Operation.INSERT, "fresh", "{\"_id\": \"fresh\"}", T, false), 0);
        assertThat(writes(first)).containsExactly("index hotmovies");
        first.close();

        var replay = SyncHarness.restore(new SyncFunction(SyncConfig.from(new JobParams().put("direct-read-namespaces", NS)
                .put("index-mapping", NS + ":hotmovies").toConfiguration()).route(), null), checkpoint);
        replay.processBroadcastElement(new DdlEvent(DdlEvent.Operation.DROP, NS, null, T + 10), 0);
        replay.processElement(new ChangeEvent(NS, Operation.INSERT, "fresh", "{\"_id\": \"fresh\"}", T, false), 0);
        assertThat(writes(replay)).containsExactly("delete hotmovies");
        assertThat(replay.extractOutputValues().get(0).version).isEqualTo(T + 10);
    }
}
