package io.mongoessync.sink;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CopyGateTest {

    private static IndexAction copy(String id) {
        return IndexAction.index("idx", id, 1, "{}").fromCopy(true);
    }

    private static IndexAction change(String id) {
        return IndexAction.index("idx", id, 2, "{}");
    }

    @Test
    void copiesWaitForTheCheckpointThatCoversThemChangesDoNot() throws Exception {
        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> gate = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        gate.open();
        gate.processElement(copy("a"), 0);
        gate.processElement(change("b"), 0);
        assertThat(gate.extractOutputValues()).extracting(a -> a.id).containsExactly("b");

        gate.snapshot(1, 1);
        gate.processElement(copy("c"), 0);
        gate.snapshot(2, 2);
        gate.notifyOfCompletedCheckpoint(1);
        assertThat(gate.extractOutputValues()).extracting(a -> a.id).containsExactly("b", "a");
        gate.notifyOfCompletedCheckpoint(2);
        assertThat(gate.extractOutputValues()).extracting(a -> a.id).containsExactly("b", "a", "c");
    }

    @Test
    void changesToAHeldDocumentQueueBehindItsCopy() throws Exception {
        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> gate = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        gate.open();
        gate.processElement(copy("a"), 0);
        gate.processElement(IndexAction.delete("idx", "a", 5), 0);
        gate.processElement(change("b"), 0);
        assertThat(gate.extractOutputValues()).extracting(a -> a.id).containsExactly("b");
        gate.snapshot(1, 1);
        gate.notifyOfCompletedCheckpoint(1);
        assertThat(gate.extractOutputValues()).extracting(a -> a.id + (a.delete ? "-" : "+")).containsExactly("b+", "a+", "a-");
        gate.processElement(change("a"), 0);
        assertThat(gate.extractOutputValues()).as("released documents flow freely again").hasSize(4);
    }

    @Test
    void copiesHeldInARestoredCheckpointAreReleasedOnStartAndUncoveredOnesAreDropped() throws Exception {
        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> gate = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        gate.open();
        gate.processElement(copy("covered"), 0);
        OperatorSubtaskState checkpoint = gate.snapshot(1, 1);
        gate.processElement(copy("after-the-checkpoint"), 0);
        gate.close();

        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> restored = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        restored.initializeState(checkpoint);
        restored.open();
        assertThat(restored.extractOutputValues()).extracting(a -> a.id).containsExactly("covered");
    }

    @Test
    void copiesHeldByACheckpointFromBeforeTheUtf8SerializerAreReleasedToo() throws Exception {
        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> old = new OneInputStreamOperatorTestHarness<>(new PojoHeldCopies());
        old.open();
        old.processElement(copy("held-as-pojo"), 0);
        OperatorSubtaskState checkpoint = old.snapshot(1, 1);
        old.close();

        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> restored = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        restored.initializeState(checkpoint);
        restored.open();
        assertThat(restored.extractOutputValues()).extracting(a -> a.id).containsExactly("held-as-pojo");
        OperatorSubtaskState next = restored.snapshot(2, 2);
        restored.close();

        OneInputStreamOperatorTestHarness<IndexAction, IndexAction> again = new OneInputStreamOperatorTestHarness<>(new CopyGate());
        again.initializeState(next);
        again.open();
        assertThat(again.extractOutputValues()).as("released once, not again from the old state").isEmpty();
    }

    /** The gate's state as it was written before {@link IndexActionSerializer}: a POJO list named held-copies. */
    private static final class PojoHeldCopies extends AbstractStreamOperator<IndexAction> implements OneInputStreamOperator<IndexAction, IndexAction> {
        private transient ListState<IndexAction> held;

        @Override
        public void initializeState(StateInitializationContext context) throws Exception {
            super.initializeState(context);
            held = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("held-copies", TypeInformation.of(IndexAction.class)));
        }

        @Override
        public void processElement(StreamRecord<IndexAction> element) throws Exception {
            held.add(element.getValue());
        }
    }
}
