package io.mongoessync.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class SyncFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "mydb.hotmovies";
    private static final long T = (1_700_000_000L << 32) | 1;

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(String... pairs) throws Exception {
        JobParams params = new JobParams().put("direct-read-namespaces", NS).put("index-mapping", NS + ":hotmovies");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        SyncFunction function = new SyncFunction(SyncConfig.from(params.toConfiguration()).route(), null);
        return SyncHarness.open(function);
    }

    private static ChangeEvent event(Operation operation, String id, String document, long clusterTime, boolean snapshot) {
        return new ChangeEvent(NS, operation, id, document, clusterTime, snapshot);
    }

    private static List<IndexAction> output(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        return harness.extractOutputValues();
    }

    @Test
    void indexesTheWholeDocumentWithItsClusterTimeAsVersion() throws Exception {
        var harness = harness();
        harness.processElement(event(Operation.INSERT, "a1", "{\"_id\": \"a1\", \"title\": \"x\"}", T, false), 0);
        IndexAction action = output(harness).get(0);
        assertThat(action.index).isEqualTo("hotmovies");
        assertThat(action.id).isEqualTo("a1");
        assertThat(action.version).isEqualTo(T);
        assertThat(action.delete).isFalse();
        assertThat(JSON.readTree(action.source)).isEqualTo(JSON.readTree("{\"mongo_id\":\"a1\",\"title\":\"x\"}"));
    }

    @Test
    void changesSharingAClusterTimeGetIncreasingVersions() throws Exception {
        var harness = harness();
        harness.processElement(event(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"n\": 1}", T, false), 0);
        harness.processElement(event(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"n\": 2}", T, false), 0);
        harness.processElement(event(Operation.DELETE, "a1", null, T, false), 0);
        harness.processElement(event(Operation.UPDATE, "b2", "{\"_id\": \"b2\"}", T, false), 0);
        List<Long> versions = output(harness).stream().map(a -> a.version).collect(Collectors.toList());
        assertThat(versions).containsExactly(T, T + 1, T + 2, T);
        assertThat(output(harness).get(2).delete).isTrue();
    }

    @Test
    void filteredNamespacesAndVanishedUpdatesWriteNothing() throws Exception {
        var harness = harness("namespace-exclude-regex", "hot");
        harness.processElement(event(Operation.INSERT, "a1", "{\"_id\": \"a1\"}", T, true), 0);
        assertThat(output(harness)).isEmpty();

        var other = harness();
        other.processElement(event(Operation.UPDATE, "a1", null, T, false), 0);
        assertThat(output(other)).as("update whose document was deleted before the lookup").isEmpty();
    }

    @Test
    void softDeleteKeepsTheLastDocumentAndMarksIt() throws Exception {
        var harness = harness("soft-delete", "true");
        harness.processElement(event(Operation.INSERT, "a1", "{\"_id\": \"a1\", \"title\": \"x\"}", T, false), 0);
        harness.processElement(event(Operation.DELETE, "a1", null, T + (5L << 32), false), 0);
        harness.processElement(event(Operation.DELETE, "never-seen", null, T, false), 0);
        List<IndexAction> actions = output(harness);
        JsonNode deleted = JSON.readTree(actions.get(1).source);
        assertThat(actions.get(1).delete).isFalse();
        assertThat(deleted.path("title").asText()).isEqualTo("x");
        assertThat(deleted.path("__deleted").asBoolean()).isTrue();
        assertThat(deleted.path("__deleted_at").asText()).isEqualTo("2023-11-14T22:13:25Z");
        JsonNode unknown = JSON.readTree(actions.get(2).source);
        assertThat(unknown.path("mongo_id").asText()).isEqualTo("never-seen");
        assertThat(unknown.path("__deleted").asBoolean()).isTrue();
    }

    @Test
    void documentsThatCannotBeConvertedGoToTheDeadLetterIndexNotFatal() throws Exception {
        var harness = harness();
        harness.processElement(event(Operation.INSERT, "a1", "{not json", T, false), 0);
        harness.processElement(event(Operation.INSERT, "a2", "{\"_id\": \"a2\"}", T, false), 0);
        assertThat(output(harness)).extracting(a -> a.index + "/" + a.id)
                .containsExactly("mongo-es-sync-dead-letters/hotmovies/a1/" + T, "hotmovies/a2");
        JsonNode record = JSON.readTree(output(harness).get(0).source);
        assertThat(record.path("namespace").asText()).isEqualTo(NS);
        assertThat(record.path("document_id").asText()).isEqualTo("a1");
        assertThat(record.path("error").asText()).contains("cannot be converted to JSON");
        assertThat(record.path("source").asText()).isEqualTo("{not json");
    }

    @Test
    void versionsSurviveASnapshotAndRestore() throws Exception {
        var harness = harness();
        harness.processElement(event(Operation.INSERT, "a1", "{\"_id\": \"a1\"}", T + 10, false), 0);
        var snapshot = harness.snapshot(1, 1);
        harness.close();

        var restored = SyncHarness.restore(new SyncFunction(SyncConfig.from(new JobParams()
                        .put("direct-read-namespaces", NS).toConfiguration()).route(), null), snapshot);
        restored.processElement(event(Operation.UPDATE, "a1", "{\"_id\": \"a1\"}", T, false), 0);
        assertThat(output(restored).get(0).version).as("an older clock after restore still moves forward").isEqualTo(T + 11);
    }

    /**
     * A Flink CDC copy's version (restored from a savepoint of an earlier release) leads the clock, so
     * the changes right after it take versions from the state.
     * Replayed after a failure, an update may find its document gone and write nothing; the changes
     * after it must still get the versions they had, or the final delete loses to an earlier write.
     */
    @Test
    void aReplayGivesEachChangeTheVersionOfItsFirstRun() throws Exception {
        var first = harness();
        ChangeEvent cdcCopy = event(Operation.INSERT, "a1", "{\"_id\": \"a1\"}", T + 100, true);
        cdcCopy.cdcCopy = true;
        first.processElement(cdcCopy, 0);
        var snapshot = first.snapshot(1, 1);
        first.processElement(event(Operation.UPDATE, "a1", "{\"_id\": \"a1\", \"n\": 1}", T + 1, false), 0);
        first.processElement(event(Operation.DELETE, "a1", null, T + 2, false), 0);
        first.processElement(event(Operation.REPLACE, "a1", "{\"_id\": \"a1\", \"n\": 2}", T + 3, false), 0);
        first.processElement(event(Operation.DELETE, "a1", null, T + 4, false), 0);
        List<Long> firstRun = output(first).stream().map(a -> a.version).collect(Collectors.toList());
        first.close();

        var replay = SyncHarness.restore(new SyncFunction(SyncConfig.from(new JobParams()
                        .put("direct-read-namespaces", NS).toConfiguration()).route(), null), snapshot);
        replay.processElement(event(Operation.UPDATE, "a1", null, T + 1, false), 0);
        replay.processElement(event(Operation.DELETE, "a1", null, T + 2, false), 0);
        replay.processElement(event(Operation.REPLACE, "a1", "{\"_id\": \"a1\", \"n\": 2}", T + 3, false), 0);
        replay.processElement(event(Operation.DELETE, "a1", null, T + 4, false), 0);
        List<Long> replayed = output(replay).stream().map(a -> a.version).collect(Collectors.toList());
        assertThat(replayed).as("versions of the delete, replace and delete replayed")
                .containsExactlyElementsOf(firstRun.subList(2, 5));
    }
}
