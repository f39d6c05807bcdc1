package io.mongoessync.convert;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Strings in Flink's data views as one block of UTF-8 each, null included. Flink's own string
 * serializer writes a character at a time, and the views pay several calls per character: in a
 * copy that was most of what serializing a record cost (bench/, JFR).
 */
public final class Utf8Strings {

    private static final int NULL = -1;

    private Utf8Strings() {}

    public static void write(String value, DataOutputView out) throws IOException {
        writeBytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8), out);
    }

    public static String read(DataInputView in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** A length, or -1 for null, then the bytes: how every string above is written, as its UTF-8. */
    public static void writeBytes(byte[] value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(NULL);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    public static byte[] readBytes(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
