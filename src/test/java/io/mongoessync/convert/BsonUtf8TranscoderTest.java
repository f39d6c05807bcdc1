package io.mongoessync.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The transcoder writes the tree writer's JSON byte for byte, or leaves the document to it. */
class BsonUtf8TranscoderTest {

    private static final String ID_FIELD = "mongo_id";

    private static String transcoded(BsonDocument document) {
        byte[] json = BsonUtf8Transcoder.sourceJson(new RawBsonDocument(document, new BsonDocumentCodec()), ID_FIELD);
        assertThat(json).as("transcoded, not left to the general writer: %s", document.toJson()).isNotNull();
        return new String(json, StandardCharsets.UTF_8);
    }

    private static void assertSameAsTheTreeWriter(BsonDocument document) {
        assertThat(transcoded(document)).as(document.toJson()).isEqualTo(BsonJsonWriter.toSourceJson(document, ID_FIELD));
    }

    @Test
    void stringsWithEveryEscapeAndEveryUtf8Length() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        assertSameAsTheTreeWriter(new BsonDocument("_id", new BsonString("id \"quoted\" \\ 乘风"))
                .append("controls", new BsonString(controls.toString()))
                .append("quotes", new BsonString("\"a\" \\b\\ /c/ \u007f"))
                .append("two", new BsonString("é ß ñ"))
                .append("three", new BsonString("乘风破浪的程序媛"))
                .append("four", new BsonString("😀 𝄞"))
                .append("名前 \"with\" \t escapes", new BsonString("field names are escaped as values are"))
                .append("empty", new BsonString("")));
    }

    @Test
    void numbersDatesAndTheRestOfTheCommonTypes() {
        assertSameAsTheTreeWriter(new BsonDocument("i", new BsonInt32(Integer.MIN_VALUE))
                .append("_id", new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")))
                .append("l", new BsonInt64(Long.MIN_VALUE))
                .append("doubles", new BsonArray(List.of(new BsonDouble(0.1), new BsonDouble(5.0), new BsonDouble(-0.0),
                        new BsonDouble(1e300), new BsonDouble(-4.9e-324), new BsonDouble(Double.NaN),
                        new BsonDouble(Double.POSITIVE_INFINITY), new BsonDouble(Double.NEGATIVE_INFINITY))))
                .append("dates", new BsonArray(List.of(new BsonDateTime(0), new BsonDateTime(-1), new BsonDateTime(253_402_300_800_000L),
                        new BsonDateTime(1_600_000_000_123L))))
                .append("yes", BsonBoolean.TRUE).append("no", BsonBoolean.FALSE)
                .append("null", BsonNull.VALUE).append("undefined", new BsonUndefined())
                .append("nested", new BsonDocument("a", new BsonArray(List.of(new BsonDocument(), new BsonArray(),
                        new BsonDocument("b", new BsonArray(List.of(new BsonInt32(1), BsonNull.VALUE)))))))
                .append(ID_FIELD, new BsonString("a field named like the id field is left out")));
    }

    @Test
    void idsOfTheKnownTypesWhereverTheyAreAndNoIdAtAll() {
        for (BsonValue id : List.of(new BsonInt32(-3), new BsonInt64(1L << 40), new BsonString("m1"), new BsonObjectId())) {
            assertSameAsTheTreeWriter(new BsonDocument("_id", id).append("n", new BsonInt32(1)));
            assertSameAsTheTreeWriter(new BsonDocument("n", new BsonInt32(1)).append("s", new BsonString("x")).append("_id", id));
        }
        assertSameAsTheTreeWriter(new BsonDocument("n", new BsonString("no id")));
        assertSameAsTheTreeWriter(new BsonDocument());
    }

    /** Seeded random documents of the common types, nested, with names and strings from a mixed alphabet. */
    @Test
    void randomDocumentsOfTheCommonTypes() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            BsonDocument document = new BsonDocument("_id", random.nextBoolean() ? new BsonObjectId() : new BsonString(text(random)));
            document.putAll(randomDocument(random, 3));
            assertSameAsTheTreeWriter(document);
        }
    }

    @Test
    void otherTypesAndOtherIdsAreLeftToTheGeneralWriter() {
        for (BsonDocument document : List.of(
                new BsonDocument("_id", new BsonInt32(1)).append("price", new BsonDecimal128(Decimal128.parse("19.99"))),
                new BsonDocument("_id", new BsonInt32(1)).append("deep", new BsonArray(List.of(new BsonDocument("d",
                        new BsonDecimal128(Decimal128.parse("1")))))),
                new BsonDocument("_id", new BsonDouble(1.5)).append("n", new BsonInt32(1)),
                new BsonDocument("_id", new BsonDocument("a", new BsonInt32(1))))) {
            assertThat(BsonUtf8Transcoder.sourceJson(new RawBsonDocument(document, new BsonDocumentCodec()), ID_FIELD))
                    .as(document.toJson()).isNull();
            assertThat(BsonJsonWriter.toSourceJson(new RawBsonDocument(document, new BsonDocumentCodec()), ID_FIELD))
                    .isEqualTo(BsonJsonWriter.toSourceJson(document, ID_FIELD));
        }
    }

    /**
     * Bytes that are not well-formed UTF-8, which Java's decoder replaces, go the general way, so a
     * replacement never differs from what the driver's reader makes of them.
     */
    @Test
    void malformedUtf8IsLeftToTheGeneralWriter() throws IOException {
        byte[][] malformed = {{(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE4, (byte) 0xB9}, {(byte) 0x80}};
        for (byte[] bytes : malformed) {
            RawBsonDocument document = new RawBsonDocument(oneString("s", bytes));
            assertThat(BsonUtf8Transcoder.sourceJson(document, ID_FIELD)).isNull();
            StringWriter expected = new StringWriter();
            try (JsonGenerator json = new JsonFactory().createGenerator(expected)) {
                RawBsonJsonWriter.writeSource(document, ID_FIELD, json);
            }
            assertThat(BsonJsonWriter.toSourceJson(document, ID_FIELD)).isEqualTo(expected.toString());
        }
    }

    /** {@code {name: <string of these bytes>}} as BSON. */
    private static byte[] oneString(String name, byte[] value) throws IOException {
        ByteArrayOutputStream element = new ByteArrayOutputStream();
        element.write(0x02);
        element.write(name.getBytes(StandardCharsets.UTF_8), 0, name.length());
        element.write(0);
        writeInt(element, value.length + 1);
        element.write(value, 0, value.length);
        element.write(0);
        ByteArrayOutputStream document = new ByteArrayOutputStream();
        writeInt(document, 4 + element.size() + 1);
        element.writeTo(document);
        document.write(0);
        return document.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write(value >> (8 * i));
        }
    }

    private static BsonDocument randomDocument(Random random, int depth) {
        BsonDocument document = new BsonDocument();
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            document.append(text(random), randomValue(random, depth));
        }
        return document;
    }

    private static BsonValue randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 11 : 9)) {
            case 0: return new BsonString(text(random));
            case 1: return new BsonInt32(random.nextInt());
            case 2: return new BsonInt64(random.nextLong());
            case 3: return new BsonDouble(random.nextBoolean() ? random.nextDouble() * 1000 : Double.longBitsToDouble(random.nextLong()));
            case 4: return BsonBoolean.valueOf(random.nextBoolean());
            case 5: return new BsonDateTime(random.nextLong() % 400_000_000_000_000L);
            case 6: return new BsonObjectId();
            case 7: return random.nextBoolean() ? BsonNull.VALUE : new BsonUndefined();
            case 8: return new BsonString("");
            case 9: return randomDocument(random, depth - 1);
            default:
                BsonArray array = new BsonArray();
                int items = random.nextInt(4);
                for (int i = 0; i < items; i++) {
                    array.add(randomValue(random, depth - 1));
                }
                return array;
        }
    }

    private static final String ALPHABET = "abcXYZ09 _.$\"\\/\t\n\u0001\u001f\u007fé乘😀";

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(8);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return text.toString();
    }
}
