package io.mongoessync.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDbPointer;
import org.bson.BsonDocument;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/**
 * Writes BSON values as the JSON that Elasticsearch indexes without complaint.
 *
 * <p>The mapping is deliberately lossy only where JSON has no equivalent, and each choice keeps the
 * value searchable rather than faithful to MongoDB's extended JSON (which Elasticsearch would store
 * as objects with {@code $}-prefixed keys). The table is documented in README.md:
 *
 * <ul>
 *   <li>ObjectId: 24 lowercase hex characters.
 *   <li>Date: ISO-8601 in UTC with milliseconds, e.g. {@code 2020-01-02T03:04:05.678Z}.
 *   <li>Int32, Int64, Double: JSON numbers; a non-finite double becomes the string
 *       {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"} because JSON has no such numbers.
 *   <li>Decimal128: a JSON number with the exact decimal digits (non-finite: as for doubles).
 *   <li>Binary: base64; subtype 3/4 UUIDs as the canonical UUID string.
 *   <li>Timestamp: {@code {"t": seconds, "i": increment}}.
 *   <li>Regex: {@code "/pattern/flags"}. JavaScript and Symbol: their text.
 *   <li>MinKey, MaxKey: the strings {@code "$minKey"} and {@code "$maxKey"}.
 *   <li>Undefined: null. DBPointer: {@code {"$ref": ns, "$id": hex}}.
 * </ul>
 */
public final class BsonJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private BsonJsonWriter() {}

    /**
     * The document as a JSON object, with {@code _id} left out and kept as {@code idField}, always
     * as the text of {@link DocumentIds#text}: in its own JSON shape, the first document's id would
     * set the field's mapping and every id of another type would then be refused.
     */
    public static String toSourceJson(BsonDocument document, String idField) {
        if (document instanceof RawBsonDocument) {
            byte[] utf8 = utf8SourceJson((RawBsonDocument) document, idField);
            if (utf8 != null) {
                return new String(utf8, StandardCharsets.UTF_8);
            }
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            if (document instanceof RawBsonDocument) {
                RawBsonJsonWriter.writeSource((RawBsonDocument) document, idField, json);
            } else {
                writeSource(document, idField, json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The transcoder's bytes, or null for a document it leaves to the general writer, malformed BSON included. */
    private static byte[] utf8SourceJson(RawBsonDocument document, String idField) {
        try {
            return BsonUtf8Transcoder.sourceJson(document, idField);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void writeSource(BsonDocument document, String idField, JsonGenerator json) throws IOException {
        json.writeStartObject();
        BsonValue id = document.get("_id");
        if (id != null) {
            json.writeFieldName(idField);
            json.writeString(DocumentIds.text(id));
        }
        for (Map.Entry<String, BsonValue> field : document.entrySet()) {
            if (field.getKey().equals("_id") || field.getKey().equals(idField)) {
                continue;
            }
            json.writeFieldName(field.getKey());
            write(field.getValue(), json);
        }
        json.writeEndObject();
    }

    /** One value as compact JSON text. */
    public static String toJson(BsonValue value) {
        StringWriter out = new StringWriter(64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(value, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String isoDate(long epochMillis) {
        return ISO_MILLIS.format(Instant.ofEpochMilli(epochMillis));
    }

    public static void write(BsonValue value, JsonGenerator json) throws IOException {
        switch (value.getBsonType()) {
            case DOCUMENT:
                json.writeStartObject();
                for (Map.Entry<String, BsonValue> field : value.asDocument().entrySet()) {
                    json.writeFieldName(field.getKey());
                    write(field.getValue(), json);
                }
                json.writeEndObject();
                break;
            case ARRAY:
                json.writeStartArray();
                for (BsonValue item : value.asArray()) {
                    write(item, json);
                }
                json.writeEndArray();
                break;
            case STRING:
                json.writeString(value.asString().getValue());
                break;
            case OBJECT_ID:
                json.writeString(value.asObjectId().getValue().toHexString());
                break;
            case INT32:
                json.writeNumber(value.asInt32().getValue());
                break;
            case INT64:
                json.writeNumber(value.asInt64().getValue());
                break;
            case DOUBLE:
                writeDouble(value.asDouble().getValue(), json);
                break;
            case DECIMAL128:
                writeDecimal(value.asDecimal128().getValue(), json);
                break;
            case BOOLEAN:
                json.writeBoolean(value.asBoolean().getValue());
                break;
            case DATE_TIME:
                json.writeString(isoDate(value.asDateTime().getValue()));
                break;
            case TIMESTAMP:
                writeTimestamp(value.asTimestamp(), json);
                break;
            case BINARY:
                json.writeString(binaryText(value.asBinary()));
                break;
            case REGULAR_EXPRESSION:
                json.writeString(regexText(value.asRegularExpression()));
                break;
            case SYMBOL:
                json.writeString(value.asSymbol().getSymbol());
                break;
            case JAVASCRIPT:
                json.writeString(value.asJavaScript().getCode());
                break;
            case JAVASCRIPT_WITH_SCOPE:
                BsonJavaScriptWithScope code = value.asJavaScriptWithScope();
                json.writeStartObject();
                json.writeStringField("code", code.getCode());
                json.writeFieldName("scope");
                write(code.getScope(), json);
                json.writeEndObject();
                break;
            case DB_POINTER:
                writeDbPointer((BsonDbPointer) value, json);
                break;
            case MIN_KEY:
                json.writeString("$minKey");
                break;
            case MAX_KEY:
                json.writeString("$maxKey");
                break;
            case NULL:
            case UNDEFINED:
                json.writeNull();
                break;
            default:
                throw new IllegalArgumentException("Unsupported BSON type " + value.getBsonType());
        }
    }

    static void writeTimestamp(BsonTimestamp ts, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("t", Integer.toUnsignedLong(ts.getTime()));
        json.writeNumberField("i", Integer.toUnsignedLong(ts.getInc()));
        json.writeEndObject();
    }

    static String regexText(BsonRegularExpression regex) {
        return "/" + regex.getPattern() + "/" + regex.getOptions();
    }

    static void writeDbPointer(BsonDbPointer pointer, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("$ref", pointer.getNamespace());
        json.writeStringField("$id", pointer.getId().toHexString());
        json.writeEndObject();
    }

    static void writeDouble(double value, JsonGenerator json) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeString(nonFiniteText(value));
        }
    }

    static void writeDecimal(Decimal128 value, JsonGenerator json) throws IOException {
        if (value.isNaN()) {
            json.writeString("NaN");
        } else if (value.isInfinite()) {
            json.writeString(value.isNegative() ? "-Infinity" : "Infinity");
        } else {
            json.writeNumber(decimal(value));
        }
    }

    private static BigDecimal decimal(Decimal128 value) {
        try {
            return value.bigDecimalValue();
        } catch (ArithmeticException negativeZero) {
            // BigDecimal has no -0; JSON readers treat -0 as 0 anyway.
            return BigDecimal.ZERO;
        }
    }

    static String nonFiniteText(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }

    static String binaryText(BsonBinary binary) {
        byte type = binary.getType();
        if (binary.getData().length == 16 && type == BsonBinarySubType.UUID_STANDARD.getValue()) {
            return binary.asUuid().toString();
        }
        if (binary.getData().length == 16 && type == BsonBinarySubType.UUID_LEGACY.getValue()) {
            return binary.asUuid(UuidRepresentation.JAVA_LEGACY).toString();
        }
        return Base64.getEncoder().encodeToString(binary.getData());
    }
}
