package io.mongoessync.route;

import io.mongoessync.convert.RecordSerializer;
import io.mongoessync.convert.Utf8Strings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Keeps a {@link DocumentState} in RocksDB as the version, then place and holder as UTF-8 blocks. */
public final class DocumentStateSerializer extends RecordSerializer<DocumentState> {

    private static final long serialVersionUID = 1L;
    static final DocumentStateSerializer INSTANCE = new DocumentStateSerializer();

    private DocumentStateSerializer() {}

    @Override
    public DocumentState createInstance() {
        return new DocumentState(0, null, null);
    }

    @Override
    public DocumentState copy(DocumentState from) {
        return new DocumentState(from.version, from.place, from.holder);
    }

    @Override
    public void serialize(DocumentState state, DataOutputView out) throws IOException {
        out.writeLong(state.version);
        Utf8Strings.write(state.place, out);
        Utf8Strings.write(state.holder, out);
    }

    @Override
    public DocumentState deserialize(DataInputView in) throws IOException {
        return new DocumentState(in.readLong(), Utf8Strings.read(in), Utf8Strings.read(in));
    }

    @Override
    public TypeSerializerSnapshot<DocumentState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a savepoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DocumentState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
