package io.mongoessync.sink;

import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IndexActionSerializerTest {

    private static IndexAction roundTrip(IndexAction action) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        IndexActionSerializer.INSTANCE.serialize(action, out);
        IndexAction read = IndexActionSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read.namespace).isEqualTo(action.namespace);
        return read;
    }

    @Test
    void everyFieldSurvivesIncludingNullsAndTextBeyondAscii() throws Exception {
        IndexAction update = IndexAction.index("hotmovies", "m1", 7L << 32, "{\"title\":\"乘风破浪的程序媛 🎬\"}")
                .asUpdate("{\"title\":\"é\"}").from("mydb.hotmovies").at("r1", "pipe").fromCopy(true);
        IndexAction read = roundTrip(update);
        assertThat(read).isEqualTo(update);
        assertThat(read.asUpdate).isTrue();
        assertThat(read.copy).isTrue();

        IndexAction delete = IndexAction.delete("hotmovies", "", 3);
        assertThat(roundTrip(delete)).isEqualTo(delete);
        assertThat(roundTrip(delete).source).isNull();
    }

    @Test
    void aRestoredSerializerIsCompatibleAsIs() {
        TypeSerializerSchemaCompatibility<IndexAction> compatibility = IndexActionSerializer.INSTANCE.snapshotConfiguration()
                .resolveSchemaCompatibility(IndexActionSerializer.INSTANCE);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }
}
