package io.mongoessync.convert;

import org.bson.BsonValue;

import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;

/**
 * The Elasticsearch {@code _id} for a MongoDB {@code _id}.
 *
 * <p>Scalars print as Monstache prints them, so an index built by Monstache keeps its ids:
 * ObjectId as 24 hex characters, strings as they are, integers in decimal, doubles without a
 * trailing {@code .0} when integral, dates in ISO-8601, UUID binaries as UUID strings. Documents and
 * arrays (compound ids) print as the compact JSON of {@link BsonJsonWriter}, in field order, which
 * MongoDB itself treats as significant for {@code _id} equality.
 */
public final class DocumentIds {

    /** Elasticsearch rejects longer ids. */
    public static final int MAX_ID_BYTES = 512;

    private DocumentIds() {}

    public static String canonical(BsonValue id) {
        String text = text(id);
        if (text.isEmpty()) {
            throw new IllegalArgumentException("_id " + BsonJsonWriter.toJson(id) + " gives an empty Elasticsearch _id");
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new IllegalArgumentException("_id " + abbreviate(text) + " is " + bytes
                    + " bytes as an Elasticsearch _id; Elasticsearch accepts at most " + MAX_ID_BYTES);
        }
        return text;
    }

    private static String text(BsonValue id) {
        switch (id.getBsonType()) {
            case OBJECT_ID:
                return id.asObjectId().getValue().toHexString();
            case STRING:
                return id.asString().getValue();
            case INT32:
                return Integer.toString(id.asInt32().getValue());
            case INT64:
                return Long.toString(id.asInt64().getValue());
            case DOUBLE:
                return doubleText(id.asDouble().getValue());
            case DECIMAL128:
                return id.asDecimal128().getValue().toString();
            case DATE_TIME:
                return BsonJsonWriter.isoDate(id.asDateTime().getValue());
            case BOOLEAN:
                return Boolean.toString(id.asBoolean().getValue());
            case BINARY:
                return BsonJsonWriter.binaryText(id.asBinary());
            case SYMBOL:
                return id.asSymbol().getSymbol();
            default:
                // Documents, arrays, timestamps, regexes, min/max keys: their JSON form is stable.
                return BsonJsonWriter.toJson(id);
        }
    }

    private static String doubleText(double value) {
        if (!Double.isFinite(value)) {
            return BsonJsonWriter.nonFiniteText(value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return BigDecimal.valueOf(value).toPlainString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
