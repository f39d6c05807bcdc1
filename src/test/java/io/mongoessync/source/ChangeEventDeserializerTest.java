package io.mongoessync.source;

import org.apache.flink.cdc.connectors.mongodb.source.utils.MongoRecordUtils;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Records built with the connector's own record factory, as its snapshot and stream readers do. */
class ChangeEventDeserializerTest {

    private static final Map<String, String> PARTITION = MongoRecordUtils.createPartitionMap("mongodb", "h:1", "mydb", "hotmovies");

    private static List<ChangeEvent> deserialize(SourceRecord record) {
        List<ChangeEvent> out = new ArrayList<>();
        new ChangeEventDeserializer().deserialize(record, new ListCollector<>(out));
        return out;
    }

    private static SourceRecord record(String value, boolean snapshot) {
        BsonDocument document = BsonDocument.parse(value);
        BsonDocument key = new BsonDocument("_id", document.get("_id"));
        return MongoRecordUtils.createSourceRecord(PARTITION,
                MongoRecordUtils.createSourceOffsetMap(document.getDocument("_id"), snapshot), "mydb.hotmovies", key, document);
    }

    @Test
    void streamRecordsCarryOperationIdDocumentAndClusterTime() {
        SourceRecord update = record("{\"_id\": {\"_data\": \"8265000000000000030\"}, \"operationType\": \"update\","
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, \"documentKey\": {\"_id\": {\"$oid\": \"5f1b2c3d4e5f60718293a4b5\"}},"
                + " \"fullDocument\": {\"_id\": {\"$oid\": \"5f1b2c3d4e5f60718293a4b5\"}, \"title\": \"x\"},"
                + " \"updateDescription\": {\"updatedFields\": {\"title\": \"x\", \"stats.votes\": 2}, \"removedFields\": [\"overview\"]},"
                + " \"clusterTime\": {\"$timestamp\": {\"t\": 1700000000, \"i\": 3}}}", false);
        ChangeEvent event = deserialize(update).get(0);
        assertThat(event.namespace).isEqualTo("mydb.hotmovies");
        assertThat(event.operation).isEqualTo(ChangeEvent.Operation.UPDATE);
        assertThat(event.documentId).isEqualTo("5f1b2c3d4e5f60718293a4b5");
        assertThat(BsonDocument.parse(event.document).getString("title").getValue()).isEqualTo("x");
        assertThat(event.clusterTime).isEqualTo((1_700_000_000L << 32) | 3);
        assertThat(event.snapshot).isFalse();
        assertThat(BsonDocument.parse(event.updateDescription)).isEqualTo(BsonDocument.parse(
                "{\"updatedFields\": {\"title\": \"x\", \"stats.votes\": 2}, \"removedFields\": [\"overview\"]}"));
    }

    @Test
    void deletesAndReplacesAreTyped() {
        SourceRecord delete = record("{\"_id\": {\"_data\": \"82\"}, \"operationType\": \"delete\","
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, \"documentKey\": {\"_id\": 11003},"
                + " \"clusterTime\": {\"$timestamp\": {\"t\": 1700000001, \"i\": 1}}}", false);
        ChangeEvent event = deserialize(delete).get(0);
        assertThat(event.operation).isEqualTo(ChangeEvent.Operation.DELETE);
        assertThat(event.documentId).isEqualTo("11003");
        assertThat(event.document).isNull();
        SourceRecord replace = record("{\"_id\": {\"_data\": \"82\"}, \"operationType\": \"replace\","
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, \"documentKey\": {\"_id\": 1},"
                + " \"fullDocument\": {\"_id\": 1}, \"clusterTime\": {\"$timestamp\": {\"t\": 1, \"i\": 1}}}", false);
        assertThat(deserialize(replace).get(0).operation).isEqualTo(ChangeEvent.Operation.REPLACE);
    }

    @Test
    void snapshotRecordsUseTheReadTimeMovedAheadInClusterTimeUnits() {
        SourceRecord copy = record("{\"_id\": {\"_id\": 7}, \"operationType\": \"insert\","
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, \"documentKey\": {\"_id\": 7},"
                + " \"fullDocument\": {\"_id\": 7}, \"ts_ms\": 1700000000999, \"source\": {\"ts_ms\": 0, \"snapshot\": \"true\"}}", true);
        ChangeEvent event = deserialize(copy).get(0);
        assertThat(event.snapshot).isTrue();
        assertThat(event.operation).isEqualTo(ChangeEvent.Operation.INSERT);
        assertThat(event.clusterTime).isEqualTo((1_700_000_000L + ChangeEventDeserializer.SNAPSHOT_VERSION_LEAD_SECONDS) << 32);
        assertThat(event.clusterTime).as("after any change of the same second").isGreaterThan((1_700_000_000L << 32) | 0xFFFFFFFFL);
    }

    @Test
    void otherOperationTypesAreSkipped() {
        SourceRecord drop = record("{\"_id\": {\"_data\": \"82\"}, \"operationType\": \"drop\","
                + " \"ns\": {\"db\": \"mydb\", \"coll\": \"hotmovies\"}, \"clusterTime\": {\"$timestamp\": {\"t\": 1, \"i\": 1}}}", false);
        assertThat(deserialize(drop)).isEmpty();
    }
}
