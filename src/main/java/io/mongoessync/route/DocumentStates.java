package io.mongoessync.route;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * The routing operator's keyed state of each document: its {@link DocumentState} while it has one,
 * its last version alone after that. A version without a document only matters for a while
 * ({@link DocumentVersions#MEMORY}), and expiring it bounds the state to the documents there are,
 * not every document ever deleted.
 */
final class DocumentStates {

    static final ValueStateDescriptor<DocumentState> DOCUMENT =
            new ValueStateDescriptor<>("document", DocumentStateSerializer.INSTANCE);

    private final LegacyStates legacy;
    private ValueState<DocumentState> document;
    /** Named as the earlier releases' version state, which held every document's version. */
    private ValueState<Long> version;

    DocumentStates(LegacyStates legacy) {
        this.legacy = legacy;
    }

    static ValueStateDescriptor<Long> versionDescriptor() {
        ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("version", Types.LONG);
        descriptor.enableTimeToLive(DocumentVersions.stateTtl());
        return descriptor;
    }

    void open(RuntimeContext context) {
        document = context.getState(DOCUMENT);
        version = context.getState(versionDescriptor());
        legacy.open(context);
    }

    /** The current key's state; a new one, not yet saved, for a document without one. */
    DocumentState load() throws Exception {
        DocumentState state = document.value();
        if (state != null) {
            state.saved = true;
            return state;
        }
        Long stored = version.value();
        state = new DocumentState(stored == null ? 0 : stored, null, null);
        legacy.read(state);
        return state;
    }

    /** Keeps what {@code state} now says of the current key. */
    void save(DocumentState state) throws Exception {
        if (state.kept()) {
            document.update(state);
        } else {
            if (state.saved) {
                document.clear();
            }
            if (state.version != 0) {
                version.update(state.version);
            }
        }
        legacy.forget();
    }

    /** Moves the earlier releases' states over, once, where iterating every key is allowed. */
    void migrate(KeyedBroadcastProcessFunction<String, ?, ?, ?>.Context context) throws Exception {
        legacy.migrate(context, document, version);
    }
}
