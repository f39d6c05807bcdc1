package io.mongoessync.route;

import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.DdlEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

import java.util.List;

/** The routing operator as the job runs it: keyed changes, broadcast drops. */
final class SyncHarness {

    private SyncHarness() {}

    /** The settings of a job copying and following {@code namespace} into index hotmovies, plus these (key, value pairs). */
    static io.mongoessync.config.RouteSettings settings(String namespace, String... pairs) {
        io.mongoessync.config.JobParams params = new io.mongoessync.config.JobParams().put("direct-read-namespaces", namespace)
                .put("index-mapping", namespace + ":hotmovies");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return io.mongoessync.config.SyncConfig.from(params.toConfiguration()).route();
    }

    static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> open(SyncFunction function) throws Exception {
        return restore(function, null);
    }

    /** @param snapshot state to start from, or null for none */
    static KeyedBroadcastOperatorTestHarness<String, ChangeEvent, DdlEvent, IndexAction> restore(
            SyncFunction function, OperatorSubtaskState snapshot) throws Exception {
        var harness = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(function, List.of(SyncFunction.DROPPED)), function.keys(), Types.STRING, 1, 1, 0);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }
}
