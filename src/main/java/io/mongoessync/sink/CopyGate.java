package io.mongoessync.sink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Holds the copy's writes until a checkpoint covers them; changes pass straight through, except
 * changes to a document whose copy is held, which queue behind it.
 *
 * <p>Why: when the job fails during the copy, Flink CDC reads the unfinished chunks again, and
 * changes made before the new read are not replayed, because the new read already reflects them.
 * A document written to Elasticsearch by the first read and deleted before the second would then
 * stay in Elasticsearch for ever: nothing mentions it again. Writes of a chunk only reach
 * Elasticsearch once a completed checkpoint records that chunk as finished, so a chunk that is read
 * again never left anything behind.
 *
 * <p>A change must not overtake the held copy of its document: a delete of a document Elasticsearch
 * does not have yet leaves nothing there to refuse the older copy that follows, which would bring
 * the document back. So changes to held documents wait in the same queue, in order.
 */
public class CopyGate extends AbstractStreamOperator<IndexAction>
        implements OneInputStreamOperator<IndexAction, IndexAction>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Copies received since the last checkpoint barrier. */
    private transient List<IndexAction> sinceLastCheckpoint;
    /** Copies waiting for the checkpoint with this id to complete. */
    private transient TreeMap<Long, List<IndexAction>> waiting;
    private transient ListState<IndexAction> held;
    /** How many held actions each document has; its later changes queue while it has any. */
    private transient Map<String, Integer> heldPerDocument;
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
        heldPerDocument = new HashMap<>();
        held = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("held-copies-utf8", IndexActionSerializer.INSTANCE));
        // Checkpoints taken before the UTF-8 serializer kept the copies under this name, as Flink POJOs.
        ListState<IndexAction> heldBefore = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("held-copies", TypeInformation.of(IndexAction.class)));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            heldBefore.get().forEach(restored::add);
            held.get().forEach(restored::add);
        }
        heldBefore.clear();
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
        IndexAction action = element.getValue();
        if (action.copy || (!heldPerDocument.isEmpty() && heldPerDocument.containsKey(key(action)))) {
            sinceLastCheckpoint.add(action);
            heldPerDocument.merge(key(action), 1, Integer::sum);
        } else {
            output.collect(element);
        }
    }

    private static String key(IndexAction action) {
        return action.index + '\u0000' + action.id;
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
        for (List<IndexAction> actions : covered.values()) {
            for (IndexAction action : actions) {
                heldPerDocument.computeIfPresent(key(action), (key, count) -> count == 1 ? null : count - 1);
                emit(action);
            }
        }
        covered.clear();
    }

    /** A copy-only job's input ended: nothing can be read again, so everything held goes out, in order. */
    @Override
    public void endInput() {
        waiting.values().forEach(actions -> actions.forEach(this::emit));
        waiting.clear();
        sinceLastCheckpoint.forEach(this::emit);
        sinceLastCheckpoint.clear();
        heldPerDocument.clear();
    }

    private void emit(IndexAction action) {
        output.collect(new StreamRecord<>(action));
    }
}
