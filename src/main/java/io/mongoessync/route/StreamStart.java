package io.mongoessync.route;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

import java.util.List;

/**
 * The cluster time the job's first run started streaming at, kept in the checkpoint.
 *
 * <p>Flink CDC starts a stream at a whole second, so it also delivers the changes made in that
 * second before the job started. The copy already holds them, and applying them again would write a
 * history record or a dead letter twice. They are older than this time, and no change replayed after
 * a restore is, so they can be told apart. Taken from the first run and never from a later
 * submission, whose own "now" would void every change the restore replays; union state, so that
 * every subtask has it whatever the parallelism.
 */
final class StreamStart {

    private static final ListStateDescriptor<Long> STATE = new ListStateDescriptor<>("stream-start", Types.LONG);

    private ListState<Long> state;
    private long start;

    /** @param configured the start this submission computed, used only on a fresh start; 0 for none */
    void initialize(FunctionInitializationContext context, long configured) throws Exception {
        state = context.getOperatorStateStore().getUnionListState(STATE);
        start = 0;
        if (context.isRestored()) {
            for (Long saved : state.get()) {
                start = Math.max(start, saved);
            }
        } else {
            start = configured;
        }
    }

    void snapshot() throws Exception {
        state.update(List.of(start));
    }

    /** Whether a change is from before the job's first start. */
    boolean before(long clusterTime) {
        return clusterTime < start;
    }
}
