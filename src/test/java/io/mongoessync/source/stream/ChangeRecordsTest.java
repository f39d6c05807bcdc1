package io.mongoessync.source.stream;

import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.PartialUpdates;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.ChangeEventDeserializer;
import org.apache.flink.cdc.connectors.mongodb.source.offset.ChangeStreamOffset;
import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoRecordUtils;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw records against Flink CDC's own JSON ones for the same events: the job must see the same changes. */
class ChangeRecordsTest {

    private static final String KEY = "\"documentKey\": {\"_id\": {\"$oid\": \"5f1b2c3d4e5f60718293a4b5\"}}";
    private static final String DOCUMENT = "{\"_id\": {\"$oid\": \"5f1b2c3d4e5f60718293a4b5\"}, \"title\": \"乘风破浪的程序媛\","
            + " \"popularity\": 12.5, \"votes\": {\"$numberLong\": \"9007199254740993\"}, \"released\": {\"$date\": 1600000000000},"
            + " \"price\": {\"$numberDecimal\": \"19.99\"}, \"tags\": [\"a\", {\"b\": null}], \"bytes\": {\"$binary\": {\"base64\": \"AQID\", \"subType\": \"00\"}}}";

    private static String event(String operation, String rest) {
        return "{\"_id\": {\"_data\": \"826553F100000000032B022C0100296E5A1004\"}, \"operationType\": \"" + operation + "\","
                + " \"clusterTime\": {\"$timestamp\": {\"t\": 1700000000, \"i\": 3}}, \"wallTime\": {\"$date\": 1700000000000},"
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, " + KEY + rest + "}";
    }

    private static RawBsonDocument raw(String json) {
        return new RawBsonDocument(BsonDocument.parse(json), new BsonDocumentCodec());
    }

    /** The record Flink CDC 3.1.1's stream task makes of the same event (normalized as it does). */
    private static SourceRecord cdcRecord(String json) {
        BsonDocument event = BsonDocument.parse(json);
        BsonDocument token = event.getDocument("_id");
        event.put("_id", new BsonDocument("_id", event.getDocument("documentKey").get("_id")));
        event.put("source", BsonDocument.parse("{\"snapshot\": \"false\", \"ts_ms\": {\"$numberLong\": \"1700000000000\"}}"));
        return MongoRecordUtils.createSourceRecord(MongoRecordUtils.createPartitionMap("mongodb", "h:1", "mydb", "hotmovies"),
                MongoRecordUtils.createSourceOffsetMap(token, false), "mydb.hotmovies", event.getDocument("_id"), event);
    }

    private static ChangeEvent deserialize(SourceRecord record) {
        List<ChangeEvent> out = new ArrayList<>();
        new ChangeEventDeserializer().deserialize(record, new ListCollector<>(out));
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static String source(ChangeEvent event) {
        if (event.bson != null) {
            return BsonJsonWriter.toSourceJson(new RawBsonDocument(event.bson), "_id");
        }
        return event.document == null ? null : BsonJsonWriter.toSourceJson(BsonDocument.parse(event.document), "_id");
    }

    private static void assertSameChange(String json) {
        SourceRecord raw = ChangeRecords.of(raw(json), "mongodb", "h:1");
        ChangeEvent fromRaw = deserialize(raw);
        ChangeEvent fromCdc = deserialize(cdcRecord(json));
        assertThat(fromRaw.namespace).isEqualTo(fromCdc.namespace);
        assertThat(fromRaw.operation).isEqualTo(fromCdc.operation);
        assertThat(fromRaw.documentId).isEqualTo(fromCdc.documentId);
        assertThat(fromRaw.idFamily).isEqualTo(fromCdc.idFamily);
        assertThat(fromRaw.clusterTime).isEqualTo(fromCdc.clusterTime);
        assertThat(fromRaw.snapshot).isFalse();
        assertThat(source(fromRaw)).isEqualTo(source(fromCdc));
        assertThat(PartialUpdates.toPartialDocument(fromRaw.updateDescription))
                .isEqualTo(PartialUpdates.toPartialDocument(fromCdc.updateDescription));
        // What Flink CDC's emitter and stream fetcher read from any record: offset, namespace, key.
        assertThat(new ChangeStreamOffset(MongoRecordUtils.getResumeToken(raw)))
                .isEqualTo(new ChangeStreamOffset(MongoRecordUtils.getResumeToken(cdcRecord(json))));
        assertThat(MongoRecordUtils.getTableId(raw)).isEqualTo(MongoRecordUtils.getTableId(cdcRecord(json)));
        assertThat(MongoRecordUtils.getDocumentKey(raw)).isEqualTo(MongoRecordUtils.getDocumentKey(cdcRecord(json)));
        assertThat(MongoRecordUtils.getMessageTimestamp(raw)).isEqualTo(1_700_000_000_000L);
        assertThat(MongoRecordUtils.isDataChangeRecord(raw)).isTrue();
    }

    @Test
    void insertsReplacesAndDeletesAreTheChangesFlinkCdcsRecordsCarry() {
        assertSameChange(event("insert", ", \"fullDocument\": " + DOCUMENT));
        assertSameChange(event("replace", ", \"fullDocument\": " + DOCUMENT));
        assertSameChange(event("delete", ""));
    }

    @Test
    void updatesKeepTheirDescriptionAndAVanishedDocument() {
        String description = ", \"updateDescription\": {\"updatedFields\": {\"title\": \"x\", \"stats.votes\": 2},"
                + " \"removedFields\": [\"overview\"], \"truncatedArrays\": []}";
        assertSameChange(event("update", ", \"fullDocument\": " + DOCUMENT + description));
        assertSameChange(event("update", ", \"fullDocument\": null" + description));
        String truncated = ", \"updateDescription\": {\"updatedFields\": {}, \"removedFields\": [],"
                + " \"truncatedArrays\": [{\"field\": \"tags\", \"newSize\": 1}]}";
        ChangeEvent event = deserialize(ChangeRecords.of(raw(event("update", ", \"fullDocument\": " + DOCUMENT + truncated)), "mongodb", "h:1"));
        assertThat(PartialUpdates.toPartialDocument(event.updateDescription)).isNull();
    }

    @Test
    void eventsWithoutADocumentChangeAreLeftToTheDropWatcher() {
        assertThat(ChangeRecords.of(raw("{\"_id\": {\"_data\": \"82\"}, \"operationType\": \"drop\","
                + " \"clusterTime\": {\"$timestamp\": {\"t\": 1700000000, \"i\": 3}}, \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}}"),
                "mongodb", "h:1")).isNull();
        assertThat(ChangeRecords.of(raw("{\"_id\": {\"_data\": \"82\"}, \"operationType\": \"invalidate\","
                + " \"clusterTime\": {\"$timestamp\": {\"t\": 1700000000, \"i\": 3}}}"), "mongodb", "h:1")).isNull();
    }

    @Test
    void anEventWithoutClusterTimeIsRefusedWithTheReason() {
        String json = event("insert", ", \"fullDocument\": " + DOCUMENT).replace("\"clusterTime\"", "\"otherTime\"");
        assertThatThrownBy(() -> ChangeRecords.of(raw(json), "mongodb", "h:1"))
                .hasMessageContaining("mydb.hotmovies").hasMessageContaining("no clusterTime").hasMessageContaining("MongoDB 4.0");
    }
}
