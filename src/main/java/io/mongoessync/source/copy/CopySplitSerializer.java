package io.mongoessync.source.copy;

import io.mongoessync.config.Namespace;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits in checkpoints: database, collection, and the last {@code _id} as BSON. */
public final class CopySplitSerializer implements SimpleVersionedSerializer<CopySplit> {

    public static final CopySplitSerializer INSTANCE = new CopySplitSerializer();
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(CopySplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    @Override
    public CopySplit deserialize(int version, byte[] serialized) throws IOException {
        check(version);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(in);
        }
    }

    static void write(CopySplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.namespace().database());
        out.writeUTF(split.namespace().collection());
        byte[] after = split.afterBytes();
        out.writeInt(after == null ? -1 : after.length);
        if (after != null) {
            out.write(after);
        }
    }

    static CopySplit read(DataInputStream in) throws IOException {
        Namespace namespace = new Namespace(in.readUTF(), in.readUTF());
        int length = in.readInt();
        byte[] after = null;
        if (length >= 0) {
            after = new byte[length];
            in.readFully(after);
        }
        return new CopySplit(namespace, after);
    }

    static void check(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("copy split of serializer version " + version + ", but this release reads version "
                    + VERSION + " only");
        }
    }

    /** The enumerator's checkpoint: the splits not handed out yet. */
    public static final class Pending implements SimpleVersionedSerializer<List<CopySplit>> {

        public static final Pending INSTANCE = new Pending();

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<CopySplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (CopySplit split : splits) {
                    write(split, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<CopySplit> deserialize(int version, byte[] serialized) throws IOException {
            check(version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int count = in.readInt();
                List<CopySplit> splits = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    splits.add(read(in));
                }
                return splits;
            }
        }
    }
}
