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
            DropWatcher watcher = new DropWatcher(mongo.connectionString(), Set.of("mydb"), 100, 0);
            List<DdlEvent> seen = new CopyOnWriteArrayList<>();
            Thread running = run(watcher, seen);
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
                stop(watcher, running);
            }
        }
    }

    /** The job is defined, the source takes its start, and only then does the watcher's task run. */
    @Test
    void startsFromWhereTheJobWasDefinedNotFromWhenItsTaskRuns() throws Exception {
        try (StandInMongo mongo = StandInMongo.start(0); MongoClient client = MongoClients.create(mongo.connectionString())) {
            client.getDatabase("mydb").getCollection("hotmovies").insertOne(new Document("_id", 1));
            DropWatcher watcher = new DropWatcher(mongo.connectionString(), Set.of("mydb"), 100,
                    DropWatcher.startAt(mongo.connectionString(), null));
            client.getDatabase("mydb").getCollection("hotmovies").drop();
            List<DdlEvent> seen = new CopyOnWriteArrayList<>();
            Thread running = run(watcher, seen);
            try {
                Await.until(Duration.ofSeconds(30), () -> !seen.isEmpty(), () -> "the drop before the task ran was missed");
                assertThat(seen.get(0).namespace).isEqualTo("mydb.hotmovies");
            } finally {
                stop(watcher, running);
            }
        }
    }

    @Test
    void aGivenStreamStartIsWhereTheWatcherStarts() {
        long start = java.time.Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
        assertThat(DropWatcher.startAt("mongodb://unused", start) >>> 32).isEqualTo(start / 1000);
    }

    private static Thread run(DropWatcher watcher, List<DdlEvent> seen) {
        Thread running = new Thread(() -> {
            try {
                watcher.run(new Collecting(seen));
            } catch (Exception e) {
                // cancelled
            }
        });
        running.start();
        return running;
    }

    private static void stop(DropWatcher watcher, Thread running) throws InterruptedException {
        watcher.cancel();
        running.interrupt();
        running.join(10_000);
    }

    private static final class Collecting implements SourceFunction.SourceContext<DdlEvent> {
        private final List<DdlEvent> seen;
        private final Object lock = new Object();
        volatile int ticks;

        Collecting(List<DdlEvent> seen) {
            this.seen = seen;
        }

        @Override
        public void collect(DdlEvent element) {
            if (element.operation == DdlEvent.Operation.TICK) {
                ticks++;
            } else {
                seen.add(element);
            }
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
