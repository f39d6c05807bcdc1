package io.mongoessync.convert;

import org.bson.RawBsonDocument;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * {@link BsonJsonWriter#toSourceJson}'s JSON, as UTF-8 bytes written straight from a document's
 * BSON bytes, for documents of the common types: documents, arrays, strings, ObjectIds, 32- and
 * 64-bit integers, doubles, booleans, dates, null and undefined. Names and strings are copied from
 * UTF-8 to UTF-8 with JSON's escapes, never decoded into Java strings.
 *
 * <p>In a 1M copy the routing thread spent 63% of its time in the BSON-to-JSON conversion through
 * the driver's reader and Jackson's character writer (JFR): each name and string decoded from UTF-8
 * into a {@code String}, escaped into characters, copied into a {@code StringWriter} and encoded
 * back to UTF-8 for the bulk.
 *
 * <p>A document of any other type, or with a string that is not well-formed UTF-8 (which Java's
 * decoder would replace), gets {@code null}: the caller then takes {@link RawBsonJsonWriter}'s
 * path, so the output never differs from it. {@code BsonUtf8TranscoderTest} holds the two to the
 * same bytes.
 */
final class BsonUtf8Transcoder {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Jackson's escapes for control characters: upper-case hex, short forms for five of them. */
    private static final byte[] ESCAPE_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] ID = {'_', 'i', 'd'};

    private final byte[] in;
    private byte[] out;
    private int length;

    private BsonUtf8Transcoder(byte[] in, int capacity) {
        this.in = in;
        this.out = new byte[capacity];
    }

    /** The source JSON as UTF-8, or null when the document holds what only the general writer writes. */
    static byte[] sourceJson(RawBsonDocument document, String idField) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        byte[] bytes;
        int start;
        if (buffer.hasArray()) {
            bytes = buffer.array();
            start = buffer.arrayOffset() + buffer.position();
        } else {
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            start = 0;
        }
        int size = intAt(bytes, start);
        BsonUtf8Transcoder transcoder = new BsonUtf8Transcoder(bytes, size + size / 2 + 64);
        return transcoder.source(start, idField.getBytes(StandardCharsets.UTF_8)) ? Arrays.copyOf(transcoder.out, transcoder.length) : null;
    }

    private boolean source(int start, byte[] idField) {
        put('{');
        int id = find(start, ID);
        boolean first = true;
        if (id >= 0) {
            putString(idField, 0, idField.length);
            put(':');
            if (!idText(id)) {
                return false;
            }
            first = false;
        }
        int position = start + 4;
        while (in[position] != 0) {
            int type = in[position];
            int name = position + 1;
            int value = cstringEnd(name) + 1;
            if (!isName(name, ID) && !isName(name, idField)) {
                if (!first) {
                    put(',');
                }
                first = false;
                if (!name(name, value - 1 - name) || (position = value(type, value)) < 0) {
                    return false;
                }
            } else if ((position = skip(type, value)) < 0) {
                return false;
            }
        }
        put('}');
        return true;
    }

    /** Writes the value of {@code type} at {@code at}; where the next element starts, or -1 if not written. */
    private int value(int type, int at) {
        switch (type) {
            case 0x01:
                double number = Double.longBitsToDouble(longAt(in, at));
                if (Double.isFinite(number)) {
                    putAscii(Double.toString(number));
                } else {
                    putQuotedAscii(BsonJsonWriter.nonFiniteText(number));
                }
                return at + 8;
            case 0x02:
                int bytes = intAt(in, at) - 1;
                return putString(in, at + 4, bytes) ? at + 4 + bytes + 1 : -1;
            case 0x03:
                return container(at, '{', '}', true);
            case 0x04:
                return container(at, '[', ']', false);
            case 0x06:
            case 0x0A:
                put(NULL);
                return at;
            case 0x07:
                ensure(26);
                out[length++] = '"';
                for (int i = 0; i < 12; i++) {
                    out[length++] = HEX[(in[at + i] >> 4) & 0xF];
                    out[length++] = HEX[in[at + i] & 0xF];
                }
                out[length++] = '"';
                return at + 12;
            case 0x08:
                put(in[at] != 0 ? TRUE : FALSE);
                return at + 1;
            case 0x09:
                putQuotedAscii(BsonJsonWriter.isoDate(longAt(in, at)));
                return at + 8;
            case 0x10:
                putAscii(Integer.toString(intAt(in, at)));
                return at + 4;
            case 0x12:
                putAscii(Long.toString(longAt(in, at)));
                return at + 8;
            default:
                return -1;
        }
    }

    private int container(int at, char open, char close, boolean named) {
        put(open);
        int position = at + 4;
        boolean first = true;
        while (in[position] != 0) {
            int type = in[position];
            int name = position + 1;
            int value = cstringEnd(name) + 1;
            if (!first) {
                put(',');
            }
            first = false;
            if (named && !name(name, value - 1 - name) || (position = value(type, value)) < 0) {
                return -1;
            }
        }
        put(close);
        return position + 1;
    }

    /** The id as {@link DocumentIds#text} writes it, for the id types this path knows. */
    private boolean idText(int element) {
        int type = in[element];
        int value = cstringEnd(element + 1) + 1;
        switch (type) {
            case 0x02:
            case 0x07:
                return value(type, value) >= 0;
            case 0x10:
                putQuotedAscii(Integer.toString(intAt(in, value)));
                return true;
            case 0x12:
                putQuotedAscii(Long.toString(longAt(in, value)));
                return true;
            default:
                return false;
        }
    }

    /** The top-level element named {@code name}, or -1. */
    private int find(int start, byte[] name) {
        int position = start + 4;
        while (in[position] != 0) {
            if (isName(position + 1, name)) {
                return position;
            }
            position = skip(in[position], cstringEnd(position + 1) + 1);
            if (position < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** Where the element after the value of {@code type} at {@code at} starts, or -1 for a type this path does not write. */
    private int skip(int type, int at) {
        switch (type) {
            case 0x01:
            case 0x09:
            case 0x12:
                return at + 8;
            case 0x02:
                return at + 4 + intAt(in, at);
            case 0x03:
            case 0x04:
                return at + intAt(in, at);
            case 0x06:
            case 0x0A:
                return at;
            case 0x07:
                return at + 12;
            case 0x08:
                return at + 1;
            case 0x10:
                return at + 4;
            default:
                return -1;
        }
    }

    private boolean name(int at, int bytes) {
        if (!putString(in, at, bytes)) {
            return false;
        }
        put(':');
        return true;
    }

    /** A JSON string of the UTF-8 bytes, escaped as Jackson escapes; false for bytes that are not well-formed UTF-8. */
    private boolean putString(byte[] source, int from, int bytes) {
        ensure(bytes + 2);
        out[length++] = '"';
        int to = from + bytes;
        for (int i = from; i < to; i++) {
            int b = source[i];
            if (b >= 0x20 && b != '"' && b != '\\') {
                out[length++] = (byte) b;
            } else if (b >= 0) {
                ensure(6 + to - i);
                escape(b);
            } else {
                int extra = continuation(source, i, to);
                if (extra < 0) {
                    return false;
                }
                for (int k = 0; k <= extra; k++) {
                    out[length++] = source[i + k];
                }
                i += extra;
            }
        }
        out[length++] = '"';
        return true;
    }

    private void escape(int b) {
        out[length++] = '\\';
        switch (b) {
            case '"': out[length++] = '"'; break;
            case '\\': out[length++] = '\\'; break;
            case '\b': out[length++] = 'b'; break;
            case '\t': out[length++] = 't'; break;
            case '\n': out[length++] = 'n'; break;
            case '\f': out[length++] = 'f'; break;
            case '\r': out[length++] = 'r'; break;
            default:
                out[length++] = 'u';
                out[length++] = '0';
                out[length++] = '0';
                out[length++] = ESCAPE_HEX[b >> 4];
                out[length++] = ESCAPE_HEX[b & 0xF];
        }
    }

    /**
     * How many continuation bytes follow the lead byte at {@code i} in a well-formed sequence
     * (no overlong form, no surrogate, nothing above U+10FFFF), or -1.
     */
    private static int continuation(byte[] s, int i, int to) {
        int lead = s[i] & 0xFF;
        int extra;
        int min;
        int max = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            extra = 1;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            extra = 2;
            min = lead == 0xE0 ? 0xA0 : 0x80;
            max = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
            min = lead == 0xF0 ? 0x90 : 0x80;
            max = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + extra >= to) {
            return -1;
        }
        int second = s[i + 1] & 0xFF;
        if (second < min || second > max) {
            return -1;
        }
        for (int k = 2; k <= extra; k++) {
            if ((s[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return extra;
    }

    private boolean isName(int at, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (in[at + i] != name[i]) {
                return false;
            }
        }
        return in[at + name.length] == 0;
    }

    private int cstringEnd(int at) {
        int i = at;
        while (in[i] != 0) {
            i++;
        }
        return i;
    }

    private void putAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            out[length++] = (byte) text.charAt(i);
        }
    }

    private void putQuotedAscii(String text) {
        put('"');
        putAscii(text);
        put('"');
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, length, bytes.length);
        length += bytes.length;
    }

    private void put(char c) {
        ensure(1);
        out[length++] = (byte) c;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    private static int intAt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    private static long longAt(byte[] b, int at) {
        return (intAt(b, at) & 0xFFFFFFFFL) | (long) intAt(b, at + 4) << 32;
    }
}
