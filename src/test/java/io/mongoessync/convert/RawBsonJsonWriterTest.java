package io.mongoessync.convert;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy's raw-BSON path writes exactly what the tree writer writes, type by type. */
class RawBsonJsonWriterTest {

    private static String raw(BsonDocument document, String idField) {
        return BsonJsonWriter.toSourceJson(new RawBsonDocument(document, new BsonDocumentCodec()), idField);
    }

    private static BsonDocument everyType() {
        BsonDocument scope = new BsonDocument("x", new BsonInt32(1));
        return new BsonDocument("title", new BsonString("乘风破浪的程序媛 \"quoted\"\n"))
                .append("_id", new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")))
                .append("i", new BsonInt32(-7))
                .append("l", new BsonInt64(Long.MAX_VALUE))
                .append("d", new BsonDouble(0.1))
                .append("whole", new BsonDouble(5.0))
                .append("nan", new BsonDouble(Double.NaN))
                .append("inf", new BsonDouble(Double.NEGATIVE_INFINITY))
                .append("dec", new BsonDecimal128(Decimal128.parse("1.10")))
                .append("decNaN", new BsonDecimal128(Decimal128.NaN))
                .append("negZero", new BsonDecimal128(Decimal128.NEGATIVE_ZERO))
                .append("b", BsonBoolean.TRUE)
                .append("date", new BsonDateTime(1_600_000_000_123L))
                .append("ts", new BsonTimestamp(0xFFFFFFFF, 3))
                .append("bin", new BsonBinary(new byte[] {1, 2, 3}))
                .append("uuid", new BsonBinary(UUID.fromString("0b8a7d4e-2c1f-4e4a-9d6b-3e2f1a0c9b8d")))
                .append("legacy", new BsonBinary(BsonBinarySubType.UUID_LEGACY, new byte[16]))
                .append("re", new BsonRegularExpression("^a.*", "i"))
                .append("sym", new BsonSymbol("s"))
                .append("js", new BsonJavaScript("f()"))
                .append("jsScope", new BsonJavaScriptWithScope("g(x)", scope))
                .append("ptr", new BsonDbPointer("db.c", new ObjectId("5f1b2c3d4e5f60718293a4b6")))
                .append("min", new BsonMinKey())
                .append("max", new BsonMaxKey())
                .append("null", BsonNull.VALUE)
                .append("undef", new BsonUndefined())
                .append("nested", new BsonDocument("a", new BsonArray(List.of(new BsonInt32(1),
                        new BsonDocument("b", new BsonDateTime(0)), new BsonArray(), new BsonArray(List.of(BsonNull.VALUE))))))
                .append("empty", new BsonDocument())
                .append("mongo_id", new BsonString("a field named like the id field is left out, as by the tree writer"));
    }

    @Test
    void everyTypeAsTheTreeWriterWritesIt() {
        BsonDocument document = everyType();
        assertThat(raw(document, "mongo_id")).isEqualTo(BsonJsonWriter.toSourceJson(document, "mongo_id"));
    }

    @Test
    void idsOfEveryShapeAndNoIdAtAll() {
        for (BsonDocument document : List.of(new BsonDocument("_id", new BsonInt32(1)),
                new BsonDocument("_id", new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("x"))).append("n", new BsonInt32(2)),
                new BsonDocument("n", new BsonString("no id")),
                new BsonDocument())) {
            assertThat(raw(document, "mongo_id")).as(document.toJson()).isEqualTo(BsonJsonWriter.toSourceJson(document, "mongo_id"));
        }
    }
}
