package io.mongoessync.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.QueryParameters;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each collection's documents in {@code _id} order, for {@code splitVector} and for {@code find}
 * with {@code min}/{@code max}.
 * Flink CDC copies a collection chunk by chunk, each an {@code _id} range. The in-memory backend
 * has no ordered index, so every chunk scanned and sorted the whole collection: at 1M documents
 * the stand-in used more CPU than the job it was feeding. The order is built once and kept until
 * the next write to the collection.
 */
final class IdOrder {

    private static final class Sorted {
        final long generation;
        final List<Document> documents;

        Sorted(long generation, List<Document> documents) {
            this.generation = generation;
            this.documents = documents;
        }
    }

    /** Documents whose size stands for all when splitting a collection into chunks. */
    private static final int SIZE_SAMPLE = 1000;

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<String, Sorted> sorted = new ConcurrentHashMap<>();

    /** A write to a collection ({@code db.collection}), or to every collection of a database ({@code db}). */
    void changed(String namespace) {
        if (namespace.indexOf('.') >= 0) {
            generation(namespace).incrementAndGet();
            // Stale now, and it holds every document: a dropped collection must not stay in memory through it.
            sorted.remove(namespace);
        } else {
            generations.forEach((known, generation) -> {
                if (known.startsWith(namespace + ".")) {
                    generation.incrementAndGet();
                    sorted.remove(known);
                }
            });
        }
    }

    /**
     * The documents with {@code min <= _id < max}, in {@code _id} order; {@link MinKey} and
     * {@link MaxKey} stand for no bound. They are the collection's own instances, as the backend's
     * own queries return them.
     */
    List<Document> range(String namespace, MongoCollection<?> collection, Object min, Object max) {
        Sorted order = sorted(namespace, collection);
        int from = min instanceof MinKey ? 0 : position(order.documents, min);
        int to = max instanceof MaxKey ? order.documents.size() : position(order.documents, max);
        return from >= to ? List.of() : order.documents.subList(from, to);
    }

    /**
     * {@code splitVector}'s answer as MongoDB computes it: from the average document size, how many
     * documents fill a chunk, and the id of every such document in order. The size is the
     * document's JSON length over a sample, since the backend keeps no BSON sizes.
     */
    List<Object> splitKeys(String namespace, MongoCollection<?> collection, long maxChunkBytes) {
        Sorted order = sorted(namespace, collection);
        int size = order.documents.size();
        if (size == 0) {
            return List.of();
        }
        int step = Math.max(1, size / SIZE_SAMPLE);
        long sampledBytes = 0;
        int sampled = 0;
        for (int i = 0; i < size; i += step) {
            sampledBytes += order.documents.get(i).toString().length();
            sampled++;
        }
        long perChunk = Math.max(1, maxChunkBytes * sampled / Math.max(1, sampledBytes));
        List<Object> keys = new ArrayList<>();
        for (long i = perChunk; i < size; i += perChunk) {
            keys.add(order.documents.get((int) i).get("_id"));
        }
        return keys;
    }

    private Sorted sorted(String namespace, MongoCollection<?> collection) {
        // Read before the scan: a write the scan may have missed moves the generation past it.
        long generation = generation(namespace).get();
        Sorted order = sorted.get(namespace);
        // The count is a cheap second check, for a write that reached no oplog hook.
        if (order != null && order.generation == generation && order.documents.size() == collection.count()) {
            return order;
        }
        Document query = new Document("$query", new Document()).append("$orderby", new Document("_id", 1));
        List<Document> documents = new ArrayList<>();
        collection.handleQuery(new QueryParameters(query, 0, 0)).forEach(documents::add);
        order = new Sorted(generation, Collections.unmodifiableList(documents));
        sorted.put(namespace, order);
        return order;
    }

    /** Where {@code id} is, or would be inserted: the first position whose id is not less than it. */
    private static int position(List<Document> documents, Object id) {
        int low = 0;
        int high = documents.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ValueComparator.asc().compare(documents.get(middle).get("_id"), id) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private AtomicLong generation(String namespace) {
        return generations.computeIfAbsent(namespace, ignored -> new AtomicLong());
    }
}
