package io.mongoessync.testing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.Random;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps changing a collection until closed: inserts, {@code $set} and {@code $inc} updates,
 * replaces and deletes, most of them on a small set of hot ids so the same documents change many
 * times, some on fresh ids.
 */
public final class ChurnWriter implements AutoCloseable {

    private final MongoCollection<Document> collection;
    private final int hotIds;
    /** The {@code _id} of document n; null for {@link #id}'s strings. */
    private final IntFunction<Object> ids;
    private final Random random;
    private final AtomicLong operations = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private int nextFreshId;

    public ChurnWriter(MongoCollection<Document> collection, int hotIds, long seed) {
        this(collection, hotIds, seed, null);
    }

    /** @param ids the {@code _id} of document n, for ids of other types than {@link #id}'s strings */
    public ChurnWriter(MongoCollection<Document> collection, int hotIds, long seed, IntFunction<Object> ids) {
        this.collection = collection;
        this.hotIds = hotIds;
        this.ids = ids;
        this.random = new Random(seed);
        this.thread = new Thread(this::run, "churn-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                writeOne();
                operations.incrementAndGet();
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void writeOne() {
        int n = random.nextInt(hotIds);
        Object id = ids == null ? id(n) : ids.apply(n);
        switch (random.nextInt(6)) {
            case 0:
            case 1:
                collection.updateOne(Filters.eq("_id", id), Updates.combine(
                        Updates.set("title", "title " + random.nextInt(1000)), Updates.inc("vote_count", 1)));
                break;
            case 2:
                collection.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                        .append("title", "replaced " + random.nextInt(1000)).append("popularity", random.nextDouble()),
                        new ReplaceOptions().upsert(true));
                break;
            case 3:
                collection.deleteOne(Filters.eq("_id", id));
                break;
            case 4:
                Object fresh = ids == null ? "fresh-" + id(nextFreshId++) : ids.apply(FRESH + nextFreshId++);
                collection.insertOne(new Document("_id", fresh).append("title", "fresh"));
                break;
            default:
                collection.updateOne(Filters.eq("_id", id), Updates.set("nested", new Document("n", random.nextInt())));
                break;
        }
    }

    /**
     * The {@code _id} of document {@code n}: zero-padded text, so that MongoDB's {@code _id} order and
     * Elasticsearch's agree and {@code verify} can merge the two sides.
     */
    public static String id(int n) {
        return String.format("%07d", n);
    }

    /** Where fresh documents' numbers start, past every hot one. */
    public static final int FRESH = 1_000_000;

    public long operations() {
        return operations.get();
    }

    /** Stops writing and waits for the last write; fails if a write failed. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) {
            throw new AssertionError("The writer failed", failure);
        }
    }
}
