package io.mongoessync.route;

import io.mongoessync.sink.IndexAction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deletes a drop or rename decided, waiting to be written a bounded number at a time, so that a
 * drop of millions of documents neither holds up checkpoint barriers (emitting them all from one
 * call blocks on the sink for as long as Elasticsearch takes) nor expires the checkpoint.
 *
 * <p>Each delete already has its version, so it may go out at any later point; a change of the same
 * document that comes first sends its delete ahead of it, which keeps the document's order even for
 * index-as-update, whose deletes carry no version. Checkpointed as operator state.
 */
final class PendingDeletes {

    /** Deletes sent per tick: a short call, and about the sink's pace at 10 ticks a second. */
    static final int PER_TICK = 1_000;
    /** Deletes sent along with each change, so that a busy stream drains them too without delaying its own. */
    static final int PER_CHANGE = 10;

    private static final ListStateDescriptor<IndexAction> STATE =
            new ListStateDescriptor<>("pending-drop-deletes", TypeInformation.of(IndexAction.class));

    /** By routing key (namespace and _id), in the order decided. */
    private final Map<String, IndexAction> pending = new LinkedHashMap<>();
    private ListState<IndexAction> state;

    void initialize(OperatorStateStore store) throws Exception {
        state = store.getListState(STATE);
        for (IndexAction action : state.get()) {
            pending.put(key(action), action);
        }
    }

    void snapshot() throws Exception {
        state.update(new ArrayList<>(pending.values()));
    }

    void add(IndexAction delete) {
        pending.put(key(delete), delete);
    }

    /** A collector that queues instead of sending. */
    Collector<IndexAction> queue() {
        return new Collector<>() {
            @Override
            public void collect(IndexAction action) {
                add(action);
            }

            @Override
            public void close() {}
        };
    }

    /** Sends the document's pending delete, if any, before anything else of it is sent. */
    void sendFirst(String key, Collector<IndexAction> out) {
        if (!pending.isEmpty()) {
            IndexAction delete = pending.remove(key);
            if (delete != null) {
                out.collect(delete);
            }
        }
    }

    /** Sends up to {@code count} of the oldest. */
    void sendSome(Collector<IndexAction> out, int count) {
        Iterator<IndexAction> oldest = pending.values().iterator();
        for (int sent = 0; sent < count && oldest.hasNext(); sent++) {
            out.collect(oldest.next());
            oldest.remove();
        }
    }

    int size() {
        return pending.size();
    }

    private static String key(IndexAction action) {
        return action.namespace + '\u0000' + action.id;
    }
}
