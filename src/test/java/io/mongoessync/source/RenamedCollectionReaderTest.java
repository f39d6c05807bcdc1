package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.Namespace;
import io.mongoessync.embedded.StandInMongo;
import io.mongoessync.testing.BatchInsert;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A renamed-in collection is read a batch per timer, so checkpoint barriers pass between batches. */
class RenamedCollectionReaderTest {

    @Test
    void aLargeRenamedCollectionIsReadInBatchesAndAgainAfterARestore() throws Exception {
        try (StandInMongo mongo = StandInMongo.start(0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            BatchInsert.insert(client.getDatabase("mydb").getCollection("movies"), 0, 2_500, n -> new Document("_id", n));
            RenamedCollectionReader reader = new RenamedCollectionReader(mongo.connectionString(), Set.of(Namespace.parse("test", "mydb.*")));
            var harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(reader),
                    (DdlEvent event) -> event.to, Types.STRING);
            harness.open();
            harness.processElement(new DdlEvent(DdlEvent.Operation.RENAME, "mydb.staging", "mydb.movies", 42L), 0);
            assertThat(harness.extractOutputValues()).as("nothing read inside the element's call").isEmpty();

            harness.setProcessingTime(1);
            assertThat(harness.extractOutputValues()).hasSize(RenamedCollectionReader.BATCH);
            assertThat(harness.extractOutputValues()).allMatch(e -> e.readAfterRename && e.clusterTime == 42L
                    && e.operation == ChangeEvent.Operation.REPLACE && e.namespace.equals("mydb.movies"));
            var snapshot = harness.snapshot(1, 1);
            harness.close();

            var restored = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                    new RenamedCollectionReader(mongo.connectionString(), Set.of(Namespace.parse("test", "mydb.*")))),
                    (DdlEvent event) -> event.to, Types.STRING);
            restored.initializeState(snapshot);
            restored.open();
            for (long time = 2; time < 6; time++) {
                restored.setProcessingTime(time);
            }
            assertThat(restored.extractOutputValues()).as("the pending read starts again from the beginning").hasSize(2_500);
            restored.close();
        }
    }
}
