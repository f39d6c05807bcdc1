package io.mongoessync.route;

import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEvent.Operation;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Renames ordered by cluster time against the changes around them (issue 11, item 7). */
class SyncFunctionRenamesTest {

    private static final long T = (1_700_000_000L << 32) | 1;
    private static final DdlEvent RENAME = new DdlEvent(DdlEvent.Operation.RENAME, "mydb.staging", "mydb.movies", T + 10);

    private static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness(String... pairs)
            throws Exception {
        JobParams params = new JobParams().put("direct-read-namespaces", "mydb.*");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return SyncHarness.open(new SyncFunction(SyncConfig.from(params.toConfiguration()).route(), null));
    }

    private static ChangeEvent change(String namespace, String id, long time) {
        return new ChangeEvent(namespace, Operation.REPLACE, id, "{\"_id\": \"" + id + "\", \"at\": " + (time - T) + "}", time, false);
    }

    private static ChangeEvent readAfterRename(String id) {
        ChangeEvent read = change("mydb.movies", id, RENAME.clusterTime);
        read.readAfterRename = true;
        return read;
    }

    private static List<String> writes(KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> harness) {
        return harness.extractOutputValues().stream().map(a -> (a.delete ? "delete " : "index ") + a.index + "/" + a.id)
                .collect(Collectors.toList());
    }

    /** renameCollection with dropTarget, and $out: the target's documents from before were left behind. */
    @Test
    void aRenameOntoACollectionDeletesWhatTheTargetHadBefore() throws Exception {
        var harness = harness();
        harness.processElement(change("mydb.movies", "old", T), 0);
        harness.processElement(change("mydb.staging", "new", T), 0);
        // The renamed collection's read can come before the rename's broadcast: it stays.
        harness.processElement(readAfterRename("new"), 0);
        harness.processBroadcastElement(RENAME, 0);
        // A late change of the replaced target is void.
        harness.processElement(change("mydb.movies", "old", T + 5), 0);

        // The late change is void, and deleted at the rename's time in case a failed run wrote it.
        assertThat(writes(harness)).containsExactlyInAnyOrder("index mydb.movies/old", "index mydb.staging/new",
                "index mydb.movies/new", "delete mydb.movies/old", "delete mydb.staging/new", "delete mydb.movies/old");
    }

    /** A document read after the rename was versioned at the rename and bumped past a newer change. */
    @Test
    void aReadAfterTheRenameYieldsToAChangeAlreadyWritten() throws Exception {
        var harness = harness();
        harness.processBroadcastElement(RENAME, 0);
        harness.processElement(change("mydb.movies", "m1", T + 20), 0);
        harness.processElement(readAfterRename("m1"), 0);
        harness.processElement(readAfterRename("m2"), 0);

        assertThat(writes(harness)).containsExactly("index mydb.movies/m1", "index mydb.movies/m2");
        assertThat(harness.extractOutputValues().get(0).source).contains("\"at\":20");
    }

    /** Two names indexed alike: the source's delete could win over the read at the same version and leave nothing. */
    @Test
    void aRenameBetweenNamesOfOneIndexRewritesInPlace() throws Exception {
        var harness = harness("index-mapping", "mydb.staging:movies,mydb.movies:movies");
        harness.processElement(change("mydb.staging", "m1", T), 0);
        harness.processBroadcastElement(RENAME, 0);
        harness.processElement(readAfterRename("m1"), 0);

        assertThat(writes(harness)).containsExactly("index movies/m1", "index movies/m1");
    }
}
