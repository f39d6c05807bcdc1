package io.mongoessync.source;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeEventSerializerTest {

    private static ChangeEvent roundTrip(ChangeEvent event) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        ChangeEventSerializer.INSTANCE.serialize(event, out);
        return ChangeEventSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void theJobShipsEventsWithThisSerializer() {
        assertThat(TypeInformation.of(ChangeEvent.class).createSerializer(new ExecutionConfig()))
                .isSameAs(ChangeEventSerializer.INSTANCE);
    }

    @Test
    void aCopyKeepsItsBsonBytesAndFlags() throws Exception {
        RawBsonDocument document = RawBsonDocument.parse("{\"_id\": 1, \"title\": \"乘风破浪的程序媛 🎬\"}");
        ChangeEvent copy = ChangeEvent.of("mydb.hotmovies", ChangeEvent.Operation.INSERT, new BsonInt32(1), null, 7L << 32 | 3, true);
        copy.bson = document.getByteBuffer().array().clone();
        copy.readAfterRename = true;

        ChangeEvent read = roundTrip(copy);

        assertThat(read.namespace).isEqualTo("mydb.hotmovies");
        assertThat(read.operation).isEqualTo(ChangeEvent.Operation.INSERT);
        assertThat(read.documentId).isEqualTo(copy.documentId);
        assertThat(read.idFamily).isEqualTo(copy.idFamily).isNotNull();
        assertThat(read.clusterTime).isEqualTo(7L << 32 | 3);
        assertThat(read.snapshot).isTrue();
        assertThat(read.readAfterRename).isTrue();
        assertThat(read.cdcCopy).isFalse();
        assertThat(read.document).isNull();
        assertThat(new RawBsonDocument(read.bson)).isEqualTo(document);
    }

    @Test
    void aChangeKeepsItsTextFieldsAndNulls() throws Exception {
        ChangeEvent update = ChangeEvent.of("mydb.hotmovies", ChangeEvent.Operation.UPDATE, new BsonString(""), "{\"title\": \"é\"}",
                42, false).describedBy("{\"updatedFields\": {\"title\": \"é\"}, \"removedFields\": []}");
        update.cdcCopy = true;

        ChangeEvent read = roundTrip(update);

        assertThat(read.idProblem).isEqualTo(update.idProblem).isNotNull();
        assertThat(read.documentId).isEqualTo(update.documentId);
        assertThat(read.document).isEqualTo("{\"title\": \"é\"}");
        assertThat(read.updateDescription).isEqualTo(update.updateDescription);
        assertThat(read.cdcCopy).isTrue();
        assertThat(read.snapshot).isFalse();
        assertThat(read.bson).isNull();

        ChangeEvent bare = roundTrip(new ChangeEvent());
        assertThat(bare.namespace).isNull();
        assertThat(bare.operation).isNull();
    }
}
