package io.mongoessync.sink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds the copy's writes until a checkpoint covers them; changes pass straight through.
 *
 * <p>Why: when the job fails during the copy, Flink CDC reads the unfinished chunks again, and
 * changes made before the new read are not replayed, because the new read already reflects them.
 * A document written to Elasticsearch by the first read and deleted before the second would then
 * stay in Elasticsearch for ever: nothing mentions it again. Writes of a chunk only reach
 * Elasticsearch once a completed checkpoint records that chunk as finished, so a chunk that is read
 * again never left anything behind.
 *
 * <p>Changes that overtake a held copy of the same document are safe: the copy's version is lower
 * and Elasticsearch refuses it, including after a delete (the tombstone lives for
 * {@code index.gc_deletes}, 60 s by default, far longer than a checkpoint interval).
 */
public class CopyGate extends AbstractStreamOperator<IndexAction> implements OneInputStreamOperator<IndexAction, IndexAction> {

    private static final long serialVersionUID = 1L;

    /** Copies received since the last checkpoint barrier. */
    private transient List<IndexAction> sinceLastCheckpoint;
    /** Copies waiting for the checkpoint with this id to complete. */
    private transient TreeMap<Long, List<IndexAction>> waiting;
    private transient ListState<IndexAction> held;
    private transient List<IndexAction> restored;

    public CopyGate() {
        // Chained with the routing operator and the writer: no extra hand-over between threads.
        setChainingStrategy(ChainingStrategy.ALWAYS);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        sinceLastCheckpoint = new ArrayList<>();
        waiting = new TreeMap<>();
        held = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("held-copies", TypeInformation.of(IndexAction.class)));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            held.get().forEach(restored::add);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Held in the checkpoint the job restored from, hence covered by it: release them now.
        // Some may have been written before the failure already; their versions make that harmless.
        restored.forEach(this::emit);
        restored.clear();
    }

    @Override
    public void processElement(StreamRecord<IndexAction> element) {
        if (element.getValue().copy) {
            sinceLastCheckpoint.add(element.getValue());
        } else {
            output.collect(element);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        if (!sinceLastCheckpoint.isEmpty()) {
            waiting.put(context.getCheckpointId(), sinceLastCheckpoint);
            sinceLastCheckpoint = new ArrayList<>();
        }
        List<IndexAction> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        held.update(all);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        Map<Long, List<IndexAction>> covered = waiting.headMap(checkpointId, true);
        covered.values().forEach(actions -> actions.forEach(this::emit));
        covered.clear();
    }

    private void emit(IndexAction action) {
        output.collect(new StreamRecord<>(action));
    }
}
