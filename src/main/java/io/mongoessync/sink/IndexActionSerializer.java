package io.mongoessync.sink;

import io.mongoessync.convert.RecordSerializer;
import io.mongoessync.convert.Utf8Strings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Writes {@link IndexAction}s into {@link CopyGate}'s checkpoints with each string as one block of
 * UTF-8 ({@link Utf8Strings}): with Flink's POJO serializer, serializing the held copies took 8% of
 * the job's CPU during a copy, nearly all of it in the document sources.
 */
public final class IndexActionSerializer extends RecordSerializer<IndexAction> {

    private static final long serialVersionUID = 1L;
    public static final IndexActionSerializer INSTANCE = new IndexActionSerializer();

    private IndexActionSerializer() {}

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
    public void serialize(IndexAction action, DataOutputView out) throws IOException {
        Utf8Strings.write(action.index, out);
        Utf8Strings.write(action.id, out);
        out.writeLong(action.version);
        out.writeBoolean(action.delete);
        Utf8Strings.write(action.source, out);
        Utf8Strings.write(action.namespace, out);
        Utf8Strings.write(action.routing, out);
        Utf8Strings.write(action.pipeline, out);
        out.writeBoolean(action.asUpdate);
        Utf8Strings.write(action.partial, out);
        out.writeBoolean(action.copy);
    }

    @Override
    public IndexAction deserialize(DataInputView in) throws IOException {
        IndexAction action = new IndexAction();
        action.index = Utf8Strings.read(in);
        action.id = Utf8Strings.read(in);
        action.version = in.readLong();
        action.delete = in.readBoolean();
        action.source = Utf8Strings.read(in);
        action.namespace = Utf8Strings.read(in);
        action.routing = Utf8Strings.read(in);
        action.pipeline = Utf8Strings.read(in);
        action.asUpdate = in.readBoolean();
        action.partial = Utf8Strings.read(in);
        action.copy = in.readBoolean();
        return action;
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
