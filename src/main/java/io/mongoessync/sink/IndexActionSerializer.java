package io.mongoessync.sink;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link IndexAction}s into {@link CopyGate}'s checkpoints with each string as one block of
 * UTF-8. Flink's POJO serializer writes a string a character at a time, and the checkpoint stream
 * pays several calls per character: serializing the held copies took 8% of the job's CPU during a
 * copy, nearly all of it in the document sources.
 */
public final class IndexActionSerializer extends TypeSerializerSingleton<IndexAction> {

    private static final long serialVersionUID = 1L;
    public static final IndexActionSerializer INSTANCE = new IndexActionSerializer();
    private static final int NULL = -1;

    private IndexActionSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public IndexAction createInstance() {
        return new IndexAction();
    }

    @Override
    public IndexAction copy(IndexAction from) {
        IndexAction copy = new IndexAction();
        copy.index = from.index;
        copy.id = from.id;
        copy.version = from.version;
        copy.delete = from.delete;
        copy.source = from.source;
        copy.namespace = from.namespace;
        copy.routing = from.routing;
        copy.pipeline = from.pipeline;
        copy.asUpdate = from.asUpdate;
        copy.partial = from.partial;
        copy.copy = from.copy;
        return copy;
    }

    @Override
    public IndexAction copy(IndexAction from, IndexAction reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(IndexAction action, DataOutputView out) throws IOException {
        writeString(action.index, out);
        writeString(action.id, out);
        out.writeLong(action.version);
        out.writeBoolean(action.delete);
        writeString(action.source, out);
        writeString(action.namespace, out);
        writeString(action.routing, out);
        writeString(action.pipeline, out);
        out.writeBoolean(action.asUpdate);
        writeString(action.partial, out);
        out.writeBoolean(action.copy);
    }

    @Override
    public IndexAction deserialize(DataInputView in) throws IOException {
        IndexAction action = new IndexAction();
        action.index = readString(in);
        action.id = readString(in);
        action.version = in.readLong();
        action.delete = in.readBoolean();
        action.source = readString(in);
        action.namespace = readString(in);
        action.routing = readString(in);
        action.pipeline = readString(in);
        action.asUpdate = in.readBoolean();
        action.partial = readString(in);
        action.copy = in.readBoolean();
        return action;
    }

    @Override
    public IndexAction deserialize(IndexAction reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(NULL);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public TypeSerializerSnapshot<IndexAction> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from a checkpoint; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IndexAction> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
