package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.embedded.StandInMongo;
import io.mongoessync.testing.Await;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher against the stand-in, which answers an empty poll at once where MongoDB would hold
 * it open: while nothing happens it must pause between polls, and it must still see a drop.
 */
class DropWatcherTest {

    @Test
    void pausesBetweenEmptyPollsAndStillSeesADrop() throws Exception {
        try (StandInMongo mongo = StandInMongo.start(0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("mydb").getCollection("hotmovies").insertOne(new Document("_id", 1));
            DropWatcher watcher = new DropWatcher(mongo.connectionString(), Set.of("mydb"), 100);
            List<DdlEvent> seen = new CopyOnWriteArrayList<>();
            Thread running = new Thread(() -> {
                try {
                    watcher.run(new Collecting(seen));
                } catch (Exception e) {
                    // cancelled
                }
            });
            running.start();
            try {
                Await.until(Duration.ofSeconds(30), () -> mongo.changeStreamPolls() > 0, () -> "the watcher never polled");
                long before = mongo.changeStreamPolls();
                Thread.sleep(1_000);
                // 100 ms pauses allow about 10 polls a second; without them it was thousands.
                assertThat(mongo.changeStreamPolls() - before).isBetween(1L, 20L);

                client.getDatabase("mydb").getCollection("hotmovies").drop();
                Await.until(Duration.ofSeconds(30), () -> !seen.isEmpty(), () -> "the drop was not reported");
                assertThat(seen.get(0).operation).isEqualTo(DdlEvent.Operation.DROP);
                assertThat(seen.get(0).namespace).isEqualTo("mydb.hotmovies");
            } finally {
                watcher.cancel();
                running.interrupt();
                running.join(10_000);
            }
        }
    }

    private static final class Collecting implements SourceFunction.SourceContext<DdlEvent> {
        private final List<DdlEvent> seen;
        private final Object lock = new Object();

        Collecting(List<DdlEvent> seen) {
            this.seen = seen;
        }

        @Override
        public void collect(DdlEvent element) {
            seen.add(element);
        }

        @Override
        public void collectWithTimestamp(DdlEvent element, long timestamp) {
            seen.add(element);
        }

        @Override
        public void emitWatermark(Watermark mark) {}

        @Override
        public void markAsTemporarilyIdle() {}

        @Override
        public Object getCheckpointLock() {
            return lock;
        }

        @Override
        public void close() {}
    }
}
