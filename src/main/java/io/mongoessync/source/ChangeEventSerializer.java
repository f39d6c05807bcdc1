package io.mongoessync.source;

import io.mongoessync.convert.RecordSerializer;
import io.mongoessync.convert.Utf8Strings;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * Ships {@link ChangeEvent}s from the sources to the routing operator, which every record crosses
 * (the stream is keyed): Flink's POJO serializer set each field by reflection and wrote each string a
 * character at a time, 10% of the routing thread in a 1M copy (bench/, JFR). No state holds a
 * ChangeEvent, so the format is free to change between releases.
 */
public final class ChangeEventSerializer extends RecordSerializer<ChangeEvent> {

    private static final long serialVersionUID = 1L;
    public static final ChangeEventSerializer INSTANCE = new ChangeEventSerializer();
    private static final ChangeEvent.Operation[] OPERATIONS = ChangeEvent.Operation.values();
    private static final int SNAPSHOT = 1;
    private static final int CDC_COPY = 2;
    private static final int READ_AFTER_RENAME = 4;
    private static final int NO_OPERATION = -1;

    private ChangeEventSerializer() {}

    @Override
    public ChangeEvent createInstance() {
        return new ChangeEvent();
    }

    /** Shallow: the strings are immutable and no operator changes an event's BSON bytes. */
    @Override
    public ChangeEvent copy(ChangeEvent from) {
        ChangeEvent copy = new ChangeEvent(from.namespace, from.operation, from.documentId, from.document, from.clusterTime,
                from.snapshot);
        copy.idFamily = from.idFamily;
        copy.idProblem = from.idProblem;
        copy.bson = from.bson;
        copy.cdcCopy = from.cdcCopy;
        copy.readAfterRename = from.readAfterRename;
        copy.updateDescription = from.updateDescription;
        return copy;
    }

    @Override
    public void serialize(ChangeEvent event, DataOutputView out) throws IOException {
        out.writeByte((event.snapshot ? SNAPSHOT : 0) | (event.cdcCopy ? CDC_COPY : 0) | (event.readAfterRename ? READ_AFTER_RENAME : 0));
        out.writeByte(event.operation == null ? NO_OPERATION : event.operation.ordinal());
        out.writeLong(event.clusterTime);
        Utf8Strings.write(event.namespace, out);
        Utf8Strings.write(event.documentId, out);
        Utf8Strings.write(event.idFamily, out);
        Utf8Strings.write(event.idProblem, out);
        Utf8Strings.write(event.document, out);
        Utf8Strings.write(event.updateDescription, out);
        Utf8Strings.writeBytes(event.bson, out);
    }

    @Override
    public ChangeEvent deserialize(DataInputView in) throws IOException {
        ChangeEvent event = new ChangeEvent();
        int flags = in.readByte();
        int operation = in.readByte();
        event.snapshot = (flags & SNAPSHOT) != 0;
        event.cdcCopy = (flags & CDC_COPY) != 0;
        event.readAfterRename = (flags & READ_AFTER_RENAME) != 0;
        event.operation = operation == NO_OPERATION ? null : OPERATIONS[operation];
        event.clusterTime = in.readLong();
        event.namespace = Utf8Strings.read(in);
        event.documentId = Utf8Strings.read(in);
        event.idFamily = Utf8Strings.read(in);
        event.idProblem = Utf8Strings.read(in);
        event.document = Utf8Strings.read(in);
        event.updateDescription = Utf8Strings.read(in);
        event.bson = Utf8Strings.readBytes(in);
        return event;
    }

    @Override
    public TypeSerializerSnapshot<ChangeEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** For Flink's compatibility checks; the format has one version so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ChangeEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
