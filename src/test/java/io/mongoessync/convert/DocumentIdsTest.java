package io.mongoessync.convert;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentIdsTest {

    @Test
    void scalarsPrintAsMonstachePrintsThem() {
        assertThat(DocumentIds.canonical(new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")))).isEqualTo("5f1b2c3d4e5f60718293a4b5");
        assertThat(DocumentIds.canonical(new BsonString("movie-1"))).isEqualTo("movie-1");
        assertThat(DocumentIds.canonical(new BsonInt32(11003))).isEqualTo("11003");
        assertThat(DocumentIds.canonical(new BsonInt64(-5L))).isEqualTo("-5");
        assertThat(DocumentIds.canonical(new BsonDouble(5.0))).isEqualTo("5");
        assertThat(DocumentIds.canonical(new BsonDouble(-0.0))).isEqualTo("0");
        assertThat(DocumentIds.canonical(new BsonDouble(2.5))).isEqualTo("2.5");
        assertThat(DocumentIds.canonical(new BsonDouble(1e20))).isEqualTo("100000000000000000000");
        assertThat(DocumentIds.canonical(new BsonDecimal128(Decimal128.parse("1.50")))).isEqualTo("1.50");
        assertThat(DocumentIds.canonical(new BsonDateTime(0))).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(DocumentIds.canonical(BsonBoolean.FALSE)).isEqualTo("false");
        assertThat(DocumentIds.canonical(new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))))
                .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    }

    @Test
    void compoundIdsAreCompactJsonInFieldOrder() {
        BsonDocument id = new BsonDocument("region", new BsonString("eu")).append("n", new BsonInt32(2));
        assertThat(DocumentIds.canonical(id)).isEqualTo("{\"region\":\"eu\",\"n\":2}");
        BsonDocument reordered = new BsonDocument("n", new BsonInt32(2)).append("region", new BsonString("eu"));
        assertThat(DocumentIds.canonical(reordered)).isNotEqualTo(DocumentIds.canonical(id));
        assertThat(DocumentIds.canonical(new BsonArray(List.of(new BsonInt32(1), new BsonString("a"))))).isEqualTo("[1,\"a\"]");
    }

    @Test
    void otherTypesUseTheirJson() {
        assertThat(DocumentIds.canonical(new BsonTimestamp(1, 2))).isEqualTo("{\"t\":1,\"i\":2}");
        assertThat(DocumentIds.canonical(new BsonMinKey())).isEqualTo("\"$minKey\"");
        assertThat(DocumentIds.canonical(new BsonMaxKey())).isEqualTo("\"$maxKey\"");
    }

    @Test
    void idsElasticsearchCannotTakeAreRefusedWithTheReason() {
        assertThatThrownBy(() -> DocumentIds.canonical(new BsonString("")))
                .hasMessageContaining("empty Elasticsearch _id");
        assertThatThrownBy(() -> DocumentIds.canonical(new BsonString("x".repeat(513))))
                .hasMessageContaining("513 bytes").hasMessageContaining("at most 512");
    }

    @Test
    void familiesTellApartIdsThatPrintAlike() {
        assertThat(DocumentIds.family(new BsonInt32(1))).isEqualTo(DocumentIds.family(new BsonDouble(1.0)))
                .as("MongoDB compares numbers by value").isEqualTo(DocumentIds.family(new BsonInt64(1)));
        assertThat(DocumentIds.family(new BsonInt32(1))).isNotEqualTo(DocumentIds.family(new BsonString("1")));
        assertThat(DocumentIds.family(new BsonObjectId(new ObjectId()))).isNotEqualTo(DocumentIds.family(new BsonString("x")));
        assertThat(DocumentIds.family(BsonBoolean.TRUE)).isNotEqualTo(DocumentIds.family(new BsonString("true")));
        assertThat(DocumentIds.family(new BsonDateTime(0))).isNotEqualTo(DocumentIds.family(new BsonString("x")));
        assertThat(DocumentIds.family(new BsonBinary(UUID.randomUUID()))).isNotEqualTo(DocumentIds.family(new BsonString("x")));
        assertThat(DocumentIds.family(new BsonDocument("a", new BsonInt32(1)))).isNotEqualTo(DocumentIds.family(new BsonString("x")));
    }

    @Test
    void recordIdsOverTheLimitKeepTheirStartAndADigest() {
        assertThat(DocumentIds.bounded("short/1")).isEqualTo("short/1");
        String near = "程".repeat(180) + "/1";
        String bounded = DocumentIds.bounded(near);
        assertThat(bounded.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
        assertThat(bounded).startsWith("程程程").contains("...#");
        assertThat(DocumentIds.bounded("程".repeat(180) + "/2")).isNotEqualTo(bounded);
        assertThat(DocumentIds.bounded(near)).as("the same record gets the same id on a replay").isEqualTo(bounded);
    }

    @Test
    void candidatesLeadBackFromAnElasticsearchIdToEveryIdThatPrintsAsIt() {
        List<org.bson.BsonValue> ids = List.of(new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")), new BsonString("movie-1"),
                new BsonInt64(3_000_000_000L), new BsonDouble(2.5), new BsonDouble(1e20), new BsonDecimal128(Decimal128.parse("1.50")),
                new BsonDateTime(1_600_000_000_000L), BsonBoolean.TRUE, new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("x")), new BsonArray(List.of(new BsonInt32(1))));
        for (org.bson.BsonValue id : ids) {
            List<org.bson.BsonValue> candidates = DocumentIds.candidates(DocumentIds.canonical(id));
            assertThat(candidates).as(id.toString()).anySatisfy(c -> assertThat(DocumentIds.family(c)).isEqualTo(DocumentIds.family(id)));
            assertThat(candidates).as("every candidate prints alike").allSatisfy(
                    c -> assertThat(DocumentIds.canonical(c)).isEqualTo(DocumentIds.canonical(id)));
        }
        assertThat(DocumentIds.candidates("1")).extracting(DocumentIds::family).containsExactlyInAnyOrder("string", "number", "number");
    }
}
