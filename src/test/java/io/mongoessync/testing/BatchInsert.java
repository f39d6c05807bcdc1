package io.mongoessync.testing;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Seeds a collection in batches of 1,000, the size the tests and the bench have always used. */
public final class BatchInsert {

    private static final int BATCH = 1000;

    private BatchInsert() {}

    /** Inserts {@code document.apply(id)} for every id from {@code from} up to, not including, {@code to}. */
    public static void insert(MongoCollection<Document> collection, int from, int to, IntFunction<Document> document) {
        List<Document> batch = new ArrayList<>(BATCH);
        for (int id = from; id < to; id++) {
            batch.add(document.apply(id));
            if (batch.size() == BATCH) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch);
        }
    }
}
