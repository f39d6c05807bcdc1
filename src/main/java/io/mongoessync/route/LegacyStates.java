package io.mongoessync.route;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The per-document states of the releases before {@link DocumentState}: "place", "id-family", and
 * "version" holding the version of every document. A job restored from their savepoint moves them
 * into {@link DocumentStates} at its first broadcast element, the one call that may visit every
 * key; until then each document's state is read from them, so no change waits for the move.
 *
 * <p>Whether a move is still due is union operator state, one flag per subtask: after a rescale a
 * subtask cannot tell which key groups were moved, so any flag still set makes every subtask look
 * (an empty legacy state costs nothing to visit). A savepoint without the flags is an earlier release's.
 */
final class LegacyStates {

    private static final ValueStateDescriptor<String> PLACE = new ValueStateDescriptor<>("place", Types.STRING);
    private static final ValueStateDescriptor<String> ID_FAMILY = new ValueStateDescriptor<>("id-family", Types.STRING);
    private static final ListStateDescriptor<Boolean> DUE =
            new ListStateDescriptor<>("legacy-document-states-due", Types.BOOLEAN);
    private static final Logger LOG = LoggerFactory.getLogger(LegacyStates.class);

    private ListState<Boolean> flags;
    private boolean due;
    private ValueState<String> place;
    private ValueState<String> idFamily;

    void initialize(FunctionInitializationContext context) throws Exception {
        flags = context.getOperatorStateStore().getUnionListState(DUE);
        due = false;
        if (context.isRestored()) {
            boolean any = false;
            for (Boolean flag : flags.get()) {
                any = true;
                due |= flag;
            }
            due |= !any;
        }
    }

    /** Registers the legacy states only when there may be some: a new job gets none. */
    void open(RuntimeContext context) {
        if (due) {
            place = context.getState(PLACE);
            idFamily = context.getState(ID_FAMILY);
        }
    }

    void snapshot() throws Exception {
        flags.update(List.of(due));
    }

    /** Fills in what the legacy states hold of the current key, if the move is still due. */
    void read(DocumentState state) throws Exception {
        if (due) {
            state.place = place.value();
            state.holder = idFamily.value();
        }
    }

    /** Drops the current key's legacy states once its state is saved the new way. */
    void forget() throws Exception {
        if (due) {
            place.clear();
            idFamily.clear();
        }
    }

    /**
     * Moves every key's legacy states into {@code document}, then clears them. Each pass writes
     * states other than the one it visits, which no backend forbids.
     */
    void migrate(KeyedBroadcastProcessFunction<String, ?, ?, ?>.Context context, ValueState<DocumentState> document,
                 ValueState<Long> version) throws Exception {
        if (!due) {
            return;
        }
        long[] moved = {0};
        context.applyToKeyedState(PLACE, (key, where) -> {
            if (document.value() == null && where.value() != null) {
                document.update(new DocumentState(versionOf(version), where.value(), idFamily.value()));
                moved[0]++;
            }
        });
        // A soft-deleted document keeps its holder without a place.
        context.applyToKeyedState(ID_FAMILY, (key, family) -> {
            if (document.value() == null && family.value() != null) {
                document.update(new DocumentState(versionOf(version), null, family.value()));
                moved[0]++;
            }
        });
        context.applyToKeyedState(DocumentStates.DOCUMENT, (key, state) -> {
            place.clear();
            idFamily.clear();
            version.clear();
        });
        due = false;
        LOG.info("Moved the state of {} documents from an earlier release's three states into one", moved[0]);
    }

    private static long versionOf(ValueState<Long> version) throws Exception {
        Long stored = version.value();
        return stored == null ? 0 : stored;
    }
}
