package io.mongoessync.convert;

import org.bson.BsonValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Elasticsearch {@code _id} for a MongoDB {@code _id}.
 *
 * <p>Scalars print as Monstache prints them, so an index built by Monstache keeps its ids:
 * ObjectId as 24 hex characters, strings as they are, integers in decimal, doubles without a
 * trailing {@code .0} when integral, dates in ISO-8601, UUID binaries as UUID strings. Documents and
 * arrays (compound ids) print as the compact JSON of {@link BsonJsonWriter}, in field order, which
 * MongoDB itself treats as significant for {@code _id} equality.
 *
 * <p>These texts are not unique across types: the int {@code 1} and the string {@code "1"} print
 * alike, and so do an ObjectId and its hex string. Changing the texts would orphan every document an
 * earlier release or Monstache wrote, so the routing operator instead remembers which {@link #family}
 * holds each Elasticsearch {@code _id} and refuses the other one.
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

    /**
     * The text of the id whatever its length: what {@code mongo_id} holds in the source, so that
     * the field is a string for every type of {@code _id} and the first document cannot give it a
     * mapping that ids of other types then break.
     */
    public static String text(BsonValue id) {
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

    /**
     * The id's family: MongoDB compares numbers of every type by value and strings with symbols,
     * so a collection never holds two ids of one family with one text. Ids of different families
     * may share a text and then must not share a document.
     */
    public static String family(BsonValue id) {
        switch (id.getBsonType()) {
            case INT32:
            case INT64:
            case DOUBLE:
            case DECIMAL128:
                return "number";
            case SYMBOL:
            case STRING:
                return "string";
            case OBJECT_ID:
                return "ObjectId";
            case DATE_TIME:
                return "date";
            case BINARY:
                // A UUID of subtype 4 and one of legacy subtype 3 may print alike and are different ids.
                return "binary subtype " + id.asBinary().getType();
            default:
                return id.getBsonType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final java.util.regex.Pattern HEX24 = java.util.regex.Pattern.compile("[0-9a-f]{24}");
    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d\\d-\\d\\dT.*Z");

    /**
     * Every MongoDB id whose text is this Elasticsearch {@code _id}, one per family that could
     * print it: the way back from an {@code _id} to the documents that may hold it, for comparing
     * an index with a collection whatever its id types. Numbers are given once, since MongoDB finds
     * an int, a long and a double of one value alike.
     */
    public static java.util.List<BsonValue> candidates(String text) {
        java.util.List<BsonValue> found = new java.util.ArrayList<>();
        found.add(new org.bson.BsonString(text));
        if (HEX24.matcher(text).matches()) {
            found.add(new org.bson.BsonObjectId(new org.bson.types.ObjectId(text)));
        }
        if (text.equals("true") || text.equals("false")) {
            found.add(org.bson.BsonBoolean.valueOf(Boolean.parseBoolean(text)));
        }
        if (text.matches("-?\\d+(\\.\\d+)?")) {
            BigDecimal number = new BigDecimal(text);
            if (number.scale() <= 0 && number.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                found.add(new org.bson.BsonInt64(number.longValueExact()));
            } else {
                found.add(new org.bson.BsonDouble(number.doubleValue()));
            }
            found.add(new org.bson.BsonDecimal128(new org.bson.types.Decimal128(number)));
        }
        if (ISO_DATE.matcher(text).matches()) {
            try {
                found.add(new org.bson.BsonDateTime(java.time.Instant.parse(text).toEpochMilli()));
            } catch (java.time.format.DateTimeParseException e) {
                // not a date after all
            }
        }
        if (UUID_TEXT.matcher(text).matches()) {
            java.util.UUID uuid = java.util.UUID.fromString(text);
            found.add(new org.bson.BsonBinary(uuid, org.bson.UuidRepresentation.STANDARD));
            found.add(new org.bson.BsonBinary(uuid, org.bson.UuidRepresentation.JAVA_LEGACY));
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                found.add(org.bson.BsonDocument.parse("{\"v\": " + text + "}").get("v"));
            } catch (RuntimeException e) {
                // a string that only looks like JSON
            }
        }
        found.removeIf(id -> !text(id).equals(text));
        return found;
    }

    /**
     * An id for a record about a document (dead letter, history) that Elasticsearch accepts: the
     * text itself when it fits, else its start and a digest of the whole, so it stays unique and a
     * replay rewrites the same record.
     */
    public static String bounded(String recordId) {
        if (recordId.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES) {
            return recordId;
        }
        String digest = digest(recordId);
        StringBuilder start = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < recordId.length(); ) {
            int codePoint = recordId.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > 200) {
                break;
            }
            start.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return start + "...#" + digest;
    }

    /** SHA-256 of the text, in hex: a stand-in key for an id Elasticsearch cannot take. */
    public static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
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
