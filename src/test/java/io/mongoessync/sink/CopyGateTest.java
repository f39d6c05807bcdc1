package io.mongoessync.sink;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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
}
