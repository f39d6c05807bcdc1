package io.mongoessync.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BsonJsonWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectId OID = new ObjectId("5f1b2c3d4e5f60718293a4b5");

    private static String json(BsonValue value) {
        return BsonJsonWriter.toJson(value);
    }

    @Test
    void scalars() {
        assertThat(json(new BsonString("乘风破浪"))).isEqualTo("\"乘风破浪\"");
        assertThat(json(new BsonObjectId(OID))).isEqualTo("\"5f1b2c3d4e5f60718293a4b5\"");
        assertThat(json(new BsonInt32(-7))).isEqualTo("-7");
        assertThat(json(new BsonInt64(9_007_199_254_740_993L))).isEqualTo("9007199254740993");
        assertThat(json(new BsonDouble(2.5))).isEqualTo("2.5");
        assertThat(json(BsonBoolean.TRUE)).isEqualTo("true");
        assertThat(json(BsonNull.VALUE)).isEqualTo("null");
        assertThat(json(new BsonUndefined())).isEqualTo("null");
    }

    @Test
    void nonFiniteDoublesBecomeStrings() {
        assertThat(json(new BsonDouble(Double.NaN))).isEqualTo("\"NaN\"");
        assertThat(json(new BsonDouble(Double.POSITIVE_INFINITY))).isEqualTo("\"Infinity\"");
        assertThat(json(new BsonDouble(Double.NEGATIVE_INFINITY))).isEqualTo("\"-Infinity\"");
    }

    @Test
    void decimal128KeepsEveryDigit() {
        assertThat(json(new BsonDecimal128(new Decimal128(new BigDecimal("12345678901234567890.123456789")))))
                .isEqualTo("12345678901234567890.123456789");
        assertThat(json(new BsonDecimal128(Decimal128.NaN))).isEqualTo("\"NaN\"");
        assertThat(json(new BsonDecimal128(Decimal128.NEGATIVE_INFINITY))).isEqualTo("\"-Infinity\"");
        assertThat(json(new BsonDecimal128(Decimal128.NEGATIVE_ZERO))).isEqualTo("0");
    }

    @Test
    void datesAreIso8601InUtcWithMillis() {
        assertThat(json(new BsonDateTime(0))).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
        assertThat(json(new BsonDateTime(1_593_561_600_123L))).isEqualTo("\"2020-07-01T00:00:00.123Z\"");
        assertThat(json(new BsonDateTime(-1000))).isEqualTo("\"1969-12-31T23:59:59.000Z\"");
    }

    @Test
    void binariesAreBase64AndUuidsCanonical() {
        assertThat(json(new BsonBinary(new byte[] {1, 2, 3}))).isEqualTo("\"AQID\"");
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(json(new BsonBinary(uuid))).isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
        assertThat(json(new BsonBinary(uuid, UuidRepresentation.JAVA_LEGACY))).isEqualTo("\"123e4567-e89b-12d3-a456-426614174000\"");
        assertThat(json(new BsonBinary(BsonBinarySubType.MD5, new byte[16]))).isEqualTo("\"AAAAAAAAAAAAAAAAAAAAAA==\"");
    }

    @Test
    void timestampsRegexCodeAndKeys() {
        assertThat(json(new BsonTimestamp(1_600_000_000, 7))).isEqualTo("{\"t\":1600000000,\"i\":7}");
        assertThat(json(new BsonRegularExpression("^a.*", "i"))).isEqualTo("\"/^a.*/i\"");
        assertThat(json(new BsonJavaScript("function() {}"))).isEqualTo("\"function() {}\"");
        assertThat(json(new BsonJavaScriptWithScope("f()", new BsonDocument("x", new BsonInt32(1)))))
                .isEqualTo("{\"code\":\"f()\",\"scope\":{\"x\":1}}");
        assertThat(json(new BsonSymbol("sym"))).isEqualTo("\"sym\"");
        assertThat(json(new BsonDbPointer("db.coll", OID))).isEqualTo("{\"$ref\":\"db.coll\",\"$id\":\"5f1b2c3d4e5f60718293a4b5\"}");
        assertThat(json(new BsonMinKey())).isEqualTo("\"$minKey\"");
        assertThat(json(new BsonMaxKey())).isEqualTo("\"$maxKey\"");
    }

    @Test
    void nestedDocumentsAndArrays() {
        BsonDocument nested = new BsonDocument("a", new BsonArray(java.util.List.of(new BsonInt32(1),
                new BsonDocument("b", new BsonDateTime(0)), new BsonArray())));
        assertThat(json(nested)).isEqualTo("{\"a\":[1,{\"b\":\"1970-01-01T00:00:00.000Z\"},[]]}");
    }

    @Test
    void sourceMovesIdIntoTheIdField() throws Exception {
        BsonDocument document = BsonDocument.parse("{\"_id\": {\"$oid\": \"5f1b2c3d4e5f60718293a4b5\"}, \"title\": \"x\", \"n\": 1}");
        JsonNode source = JSON.readTree(BsonJsonWriter.toSourceJson(document, "mongo_id"));
        assertThat(source.has("_id")).isFalse();
        assertThat(source.path("mongo_id").asText()).isEqualTo("5f1b2c3d4e5f60718293a4b5");
        assertThat(source.path("title").asText()).isEqualTo("x");
        assertThat(source.size()).isEqualTo(3);
    }

    @Test
    void everyBsonTypeOfExtendedJsonConverts() {
        String canonical = "{\"_id\": 1, \"d\": {\"$date\": {\"$numberLong\": \"1000\"}}, \"l\": {\"$numberLong\": \"5\"},"
                + " \"dec\": {\"$numberDecimal\": \"1.10\"}, \"b\": {\"$binary\": {\"base64\": \"AQ==\", \"subType\": \"00\"}},"
                + " \"r\": {\"$regularExpression\": {\"pattern\": \"x\", \"options\": \"\"}},"
                + " \"t\": {\"$timestamp\": {\"t\": 1, \"i\": 2}}, \"min\": {\"$minKey\": 1}, \"max\": {\"$maxKey\": 1}}";
        assertThat(BsonJsonWriter.toSourceJson(BsonDocument.parse(canonical), "mongo_id")).isEqualTo("{\"mongo_id\":\"1\",\"d\":\"1970-01-01T00:00:01.000Z\",\"l\":5,\"dec\":1.10,"
                + "\"b\":\"AQ==\",\"r\":\"/x/\",\"t\":{\"t\":1,\"i\":2},\"min\":\"$minKey\",\"max\":\"$maxKey\"}");
    }
}
