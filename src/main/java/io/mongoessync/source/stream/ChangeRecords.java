package io.mongoessync.source.stream;

import org.apache.flink.cdc.connectors.mongodb.internal.MongoDBEnvelope;
import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoRecordUtils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonBinaryReader;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.RawBsonDocumentCodec;

import java.nio.ByteBuffer;

/**
 * A change-stream event as a Kafka Connect record that keeps the changed document as MongoDB sent
 * it, BSON bytes, where Flink CDC's own reader renders the whole event as JSON text: that rendering,
 * on the source's one reader thread, and its parsing back took about a third of a burst's CPU.
 *
 * <p>The fields Flink CDC's record emitter and stream fetcher read keep its names and forms: the
 * namespace, the document key as JSON, {@code source.ts_ms}, {@code ts_ms} and the resume token in
 * the offset. So checkpoints, savepoints and the split state stay Flink CDC's.
 */
public final class ChangeRecords {

    /** The value schema's name, which tells this record from Flink CDC's own. */
    public static final String SCHEMA_NAME = "io.mongoessync.RawChangeEvent";

    static final Schema NAMESPACE_SCHEMA = SchemaBuilder.struct()
            .field(MongoDBEnvelope.NAMESPACE_DATABASE_FIELD, Schema.STRING_SCHEMA)
            .field(MongoDBEnvelope.NAMESPACE_COLLECTION_FIELD, Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    static final Schema SOURCE_SCHEMA = SchemaBuilder.struct()
            .field(MongoDBEnvelope.TIMESTAMP_KEY_FIELD, Schema.OPTIONAL_INT64_SCHEMA)
            .field(MongoDBEnvelope.SNAPSHOT_KEY_FIELD, Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct().name(SCHEMA_NAME)
            .field(MongoDBEnvelope.OPERATION_TYPE_FIELD, Schema.STRING_SCHEMA)
            .field(MongoDBEnvelope.NAMESPACE_FIELD, NAMESPACE_SCHEMA)
            .field(MongoDBEnvelope.DOCUMENT_KEY_FIELD, Schema.STRING_SCHEMA)
            .field(MongoDBEnvelope.FULL_DOCUMENT_FIELD, Schema.OPTIONAL_BYTES_SCHEMA)
            .field(MongoDBEnvelope.CLUSTER_TIME_FIELD, Schema.INT64_SCHEMA)
            .field("updateDescription", Schema.OPTIONAL_STRING_SCHEMA)
            .field(MongoDBEnvelope.TIMESTAMP_KEY_FIELD, Schema.INT64_SCHEMA)
            .field(MongoDBEnvelope.SOURCE_FIELD, SOURCE_SCHEMA)
            .build();

    private static final RawBsonDocumentCodec RAW = new RawBsonDocumentCodec();
    private static final DecoderContext DECODING = DecoderContext.builder().build();

    private ChangeRecords() {}

    /**
     * The record of an insert, update, replace or delete; null for any other event (drop, rename,
     * invalidate), which the job's drop watcher follows on its own stream.
     */
    static SourceRecord of(RawBsonDocument event, String scheme, String hosts) {
        String operation = null;
        String database = null;
        String collection = null;
        RawBsonDocument resumeToken = null;
        RawBsonDocument documentKey = null;
        RawBsonDocument fullDocument = null;
        RawBsonDocument updateDescription = null;
        BsonTimestamp clusterTime = null;
        // One pass over the event's bytes; RawBsonDocument.get would scan them again for every field.
        try (BsonBinaryReader reader = new BsonBinaryReader(event.getByteBuffer().asNIO())) {
            reader.readStartDocument();
            while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                BsonType type = reader.getCurrentBsonType();
                switch (name) {
                    case "_id":
                        resumeToken = type == BsonType.DOCUMENT ? RAW.decode(reader, DECODING) : skip(reader);
                        break;
                    case "operationType":
                        operation = reader.readString();
                        break;
                    case "ns":
                        reader.readStartDocument();
                        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
                            String field = reader.readName();
                            if (field.equals("db")) {
                                database = reader.readString();
                            } else if (field.equals("coll")) {
                                collection = reader.readString();
                            } else {
                                reader.skipValue();
                            }
                        }
                        reader.readEndDocument();
                        break;
                    case "documentKey":
                        documentKey = type == BsonType.DOCUMENT ? RAW.decode(reader, DECODING) : skip(reader);
                        break;
                    case "fullDocument":
                        fullDocument = type == BsonType.DOCUMENT ? RAW.decode(reader, DECODING) : skip(reader);
                        break;
                    case "updateDescription":
                        updateDescription = type == BsonType.DOCUMENT ? RAW.decode(reader, DECODING) : skip(reader);
                        break;
                    case "clusterTime":
                        clusterTime = type == BsonType.TIMESTAMP ? reader.readTimestamp() : skip(reader);
                        break;
                    default:
                        reader.skipValue();
                }
            }
        }
        if (!isDataChange(operation) || database == null || resumeToken == null || documentKey == null) {
            return null;
        }
        if (clusterTime == null) {
            // MongoDB 4.0 and later stamp every event; without it no version could be trusted.
            throw new IllegalStateException("A change stream event of " + database + "." + collection
                    + " has no clusterTime; MongoDB 4.0 or later is required");
        }
        long now = System.currentTimeMillis();
        Struct value = new Struct(VALUE_SCHEMA)
                .put(MongoDBEnvelope.OPERATION_TYPE_FIELD, operation)
                .put(MongoDBEnvelope.NAMESPACE_FIELD, new Struct(NAMESPACE_SCHEMA)
                        .put(MongoDBEnvelope.NAMESPACE_DATABASE_FIELD, database)
                        .put(MongoDBEnvelope.NAMESPACE_COLLECTION_FIELD, collection))
                .put(MongoDBEnvelope.DOCUMENT_KEY_FIELD, documentKey.toJson(MongoDBEnvelope.JSON_WRITER_SETTINGS_STRICT))
                .put(MongoDBEnvelope.FULL_DOCUMENT_FIELD, fullDocument == null ? null : bytes(fullDocument))
                .put(MongoDBEnvelope.CLUSTER_TIME_FIELD, clusterTime.getValue())
                .put("updateDescription", updateDescription == null ? null
                        : updateDescription.toJson(MongoDBEnvelope.JSON_WRITER_SETTINGS_STRICT))
                .put(MongoDBEnvelope.TIMESTAMP_KEY_FIELD, now)
                .put(MongoDBEnvelope.SOURCE_FIELD, new Struct(SOURCE_SCHEMA)
                        .put(MongoDBEnvelope.TIMESTAMP_KEY_FIELD, clusterTime.getTime() * 1000L)
                        .put(MongoDBEnvelope.SNAPSHOT_KEY_FIELD, "false"));
        return new SourceRecord(
                MongoRecordUtils.createPartitionMap(scheme, hosts, database, collection),
                MongoRecordUtils.createSourceOffsetMap(resumeToken, false),
                database + "." + collection, null, null, VALUE_SCHEMA, value);
    }

    /** Whether a record's value is one of these, not Flink CDC's JSON form. */
    public static boolean isRaw(Struct value) {
        return SCHEMA_NAME.equals(value.schema().name());
    }

    private static boolean isDataChange(String operation) {
        return "insert".equals(operation) || "update".equals(operation) || "replace".equals(operation)
                || "delete".equals(operation);
    }

    private static <T> T skip(BsonBinaryReader reader) {
        reader.skipValue();
        return null;
    }

    private static byte[] bytes(RawBsonDocument document) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
