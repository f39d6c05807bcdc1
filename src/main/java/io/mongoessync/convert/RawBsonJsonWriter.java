package io.mongoessync.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import org.bson.BsonBinaryReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;

import java.io.IOException;

/**
 * {@link BsonJsonWriter}'s JSON, read straight from a document's BSON bytes: the copy hands each
 * document on as raw BSON, and building a {@code BsonDocument} tree only to walk it once cost the
 * routing thread 10% in a 1M copy (bench/, JFR). Every type is written as {@link BsonJsonWriter#write}
 * writes it; {@code RawBsonJsonWriterTest} holds the two to the same output.
 */
final class RawBsonJsonWriter {

    private RawBsonJsonWriter() {}

    /** The document's fields but {@code _id} and {@code idField}, after the id as text, as {@link BsonJsonWriter#toSourceJson}. */
    static void writeSource(RawBsonDocument document, String idField, JsonGenerator json) throws IOException {
        json.writeStartObject();
        BsonValue id = document.get("_id");
        if (id != null) {
            json.writeFieldName(idField);
            json.writeString(DocumentIds.text(id));
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(document.getByteBuffer().asNIO())) {
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                if (name.equals("_id") || name.equals(idField)) {
                    reader.skipValue();
                    continue;
                }
                json.writeFieldName(name);
                write(reader, json);
            }
            reader.readEndDocument();
        }
        json.writeEndObject();
    }

    private static void writeDocument(BsonReader reader, JsonGenerator json) throws IOException {
        reader.readStartDocument();
        json.writeStartObject();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            json.writeFieldName(reader.readName());
            write(reader, json);
        }
        reader.readEndDocument();
        json.writeEndObject();
    }

    /** The value the reader is at, whose type {@code readBsonType} has just read. */
    private static void write(BsonReader reader, JsonGenerator json) throws IOException {
        switch (reader.getCurrentBsonType()) {
            case DOCUMENT:
                writeDocument(reader, json);
                break;
            case ARRAY:
                reader.readStartArray();
                json.writeStartArray();
                while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                    write(reader, json);
                }
                reader.readEndArray();
                json.writeEndArray();
                break;
            case STRING:
                json.writeString(reader.readString());
                break;
            case OBJECT_ID:
                json.writeString(reader.readObjectId().toHexString());
                break;
            case INT32:
                json.writeNumber(reader.readInt32());
                break;
            case INT64:
                json.writeNumber(reader.readInt64());
                break;
            case DOUBLE:
                BsonJsonWriter.writeDouble(reader.readDouble(), json);
                break;
            case DECIMAL128:
                BsonJsonWriter.writeDecimal(reader.readDecimal128(), json);
                break;
            case BOOLEAN:
                json.writeBoolean(reader.readBoolean());
                break;
            case DATE_TIME:
                json.writeString(BsonJsonWriter.isoDate(reader.readDateTime()));
                break;
            case TIMESTAMP:
                BsonJsonWriter.writeTimestamp(reader.readTimestamp(), json);
                break;
            case BINARY:
                json.writeString(BsonJsonWriter.binaryText(reader.readBinaryData()));
                break;
            case REGULAR_EXPRESSION:
                json.writeString(BsonJsonWriter.regexText(reader.readRegularExpression()));
                break;
            case SYMBOL:
                json.writeString(reader.readSymbol());
                break;
            case JAVASCRIPT:
                json.writeString(reader.readJavaScript());
                break;
            case JAVASCRIPT_WITH_SCOPE:
                json.writeStartObject();
                json.writeStringField("code", reader.readJavaScriptWithScope());
                json.writeFieldName("scope");
                writeDocument(reader, json);
                json.writeEndObject();
                break;
            case DB_POINTER:
                BsonJsonWriter.writeDbPointer(reader.readDBPointer(), json);
                break;
            case MIN_KEY:
                reader.readMinKey();
                json.writeString("$minKey");
                break;
            case MAX_KEY:
                reader.readMaxKey();
                json.writeString("$maxKey");
                break;
            case NULL:
                reader.readNull();
                json.writeNull();
                break;
            case UNDEFINED:
                reader.readUndefined();
                json.writeNull();
                break;
            default:
                throw new IllegalArgumentException("Unsupported BSON type " + reader.getCurrentBsonType());
        }
    }
}
