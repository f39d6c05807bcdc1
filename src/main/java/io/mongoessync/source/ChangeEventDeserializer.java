package io.mongoessync.source;

import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.source.stream.ChangeRecords;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoRecordUtils;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the connector's records into {@link ChangeEvent}s: the change stream's, whose document is
 * BSON ({@link ChangeRecords}), and Flink CDC's own JSON ones, which its snapshot phase and backfill
 * still emit in a job restored from a savepoint of an older release.
 *
 * <p>Only the document key is parsed here, because the key decides the partition; the document
 * itself is converted after {@code keyBy}, where the work spreads over all subtasks.
 */
public class ChangeEventDeserializer implements DebeziumDeserializationSchema<ChangeEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeEventDeserializer.class);

    @Override
    public void deserialize(SourceRecord record, Collector<ChangeEvent> out) {
        Struct value = (Struct) record.value();
        if (ChangeRecords.isRaw(value)) {
            deserializeRaw(value, out);
            return;
        }
        String type = value.getString("operationType");
        ChangeEvent.Operation operation = operation(type);
        Struct ns = value.getStruct("ns");
        if (operation == null || ns == null) {
            // drop, rename, invalidate and the like: the 3.1.1 source filters most before they get here.
            LOG.info("Skipping change stream event of type {}", type);
            return;
        }
        String namespace = ns.getString("db") + "." + ns.getString("coll");
        boolean snapshot = isCopy(record, value);
        BsonValue id = BsonDocument.parse(value.getString("documentKey")).get("_id");
        if (id == null) {
            LOG.error("Skipping {} event in {} without _id in its document key {}", type, namespace, value.getString("documentKey"));
            return;
        }
        long clusterTime = snapshot ? readTime(value) : clusterTime(value);
        String description = operation == ChangeEvent.Operation.UPDATE ? updateDescription(value) : null;
        ChangeEvent event = ChangeEvent.of(namespace, operation, id, value.getString("fullDocument"), clusterTime, snapshot)
                .describedBy(description);
        event.cdcCopy = snapshot;
        out.collect(event);
    }

    private static void deserializeRaw(Struct value, Collector<ChangeEvent> out) {
        ChangeEvent.Operation operation = operation(value.getString("operationType"));
        Struct ns = value.getStruct("ns");
        String namespace = ns.getString("db") + "." + ns.getString("coll");
        String key = value.getString("documentKey");
        BsonValue id = BsonDocument.parse(key).get("_id");
        if (id == null) {
            LOG.error("Skipping {} event in {} without _id in its document key {}", operation, namespace, key);
            return;
        }
        long clusterTime = ClusterTimes.of(new BsonTimestamp(value.getInt64("clusterTime")));
        ChangeEvent event = ChangeEvent.of(namespace, operation, id, null, clusterTime, false)
                .describedBy(operation == ChangeEvent.Operation.UPDATE ? value.getString("updateDescription") : null);
        event.bson = value.getBytes("fullDocument");
        out.collect(event);
    }

    /** The connector's {updatedFields: JSON text, removedFields: [names]} as one extended-JSON document. */
    static String updateDescription(Struct value) {
        if (value.schema().field("updateDescription") == null || value.getStruct("updateDescription") == null) {
            return null;
        }
        Struct description = value.getStruct("updateDescription");
        String updated = description.schema().field("updatedFields") == null ? null : description.getString("updatedFields");
        BsonDocument json = new BsonDocument("updatedFields", updated == null ? new BsonDocument() : BsonDocument.parse(updated));
        org.bson.BsonArray removed = new org.bson.BsonArray();
        if (description.schema().field("removedFields") != null && description.getArray("removedFields") != null) {
            for (Object field : description.getArray("removedFields")) {
                removed.add(new org.bson.BsonString(String.valueOf(field)));
            }
        }
        json.put("removedFields", removed);
        // Arrays MongoDB shortened in place ({field, newSize}); only their count matters downstream,
        // which then sends the whole document instead of a merge that would keep the old tail.
        if (description.schema().field("truncatedArrays") != null && description.get("truncatedArrays") instanceof java.util.List) {
            org.bson.BsonArray truncated = new org.bson.BsonArray();
            for (Object entry : (java.util.List<?>) description.get("truncatedArrays")) {
                truncated.add(new org.bson.BsonString(String.valueOf(entry)));
            }
            json.put("truncatedArrays", truncated);
        }
        return json.toJson();
    }

    /**
     * True for everything the copy emits: the documents read, and the changes made during a chunk's
     * read that the connector merged into them. The merged ones carry the change's offset, but the
     * connector marks every record of a chunk with {@code source.snapshot = "true"}.
     */
    private static boolean isCopy(SourceRecord record, Struct value) {
        Struct source = value.schema().field("source") == null ? null : value.getStruct("source");
        if (source != null && source.getString("snapshot") != null) {
            return "true".equals(source.getString("snapshot"));
        }
        return MongoRecordUtils.isSnapshotRecord(record);
    }

    static ChangeEvent.Operation operation(String type) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case "insert":
                return ChangeEvent.Operation.INSERT;
            case "update":
                return ChangeEvent.Operation.UPDATE;
            case "replace":
                return ChangeEvent.Operation.REPLACE;
            case "delete":
                return ChangeEvent.Operation.DELETE;
            default:
                return null;
        }
    }

    /**
     * How far a copy's version is put ahead of the time it was read. A copy includes every change
     * MongoDB made before the read, and such a change may already be in Elasticsearch (written
     * before a failure made the copy run again) with a version of the same second. The copy must
     * win over it, so its version is the next whole second, plus slack for MongoDB's clock running
     * ahead of this machine's. Later changes still win over the copy: the routing operator keeps
     * each document's versions increasing.
     */
    static final int SNAPSHOT_VERSION_LEAD_SECONDS = 5;

    /** A snapshot copy has no cluster time; its read time, moved ahead, stands in, in the same units. */
    private static long readTime(Struct value) {
        Long millis = value.getInt64("ts_ms");
        long seconds = (millis == null ? System.currentTimeMillis() : millis) / 1000 + SNAPSHOT_VERSION_LEAD_SECONDS;
        return ClusterTimes.of(seconds, 0);
    }

    private static long clusterTime(Struct value) {
        String text = value.getString("clusterTime");
        if (text == null) {
            return readTime(value);
        }
        return ClusterTimes.of(BsonDocument.parse("{\"t\": " + text + "}").getTimestamp("t"));
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }
}
