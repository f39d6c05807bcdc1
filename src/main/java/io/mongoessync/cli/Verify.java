package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.route.DocumentShaper;
import io.mongoessync.convert.DocumentIds;
import org.bson.BsonDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code verify}: compares every synced collection with its index, counts first, then document by
 * document, and reports the ids that are missing from Elasticsearch, extra in it, or stale there.
 *
 * <p>Both sides are read in {@code _id} order and merged, so memory stays bounded whatever the size.
 * Elasticsearch orders its ids as strings, which agrees with MongoDB's order for ObjectId and string
 * ids; a collection with other id types is compared again in batches of lookups ({@link BatchCompare}).
 */
public final class Verify {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.bson.json.JsonWriterSettings EXTENDED =
            org.bson.json.JsonWriterSettings.builder().outputMode(org.bson.json.JsonMode.EXTENDED).build();

    private final SyncConfig config;
    private final PrintStream out;
    private final int show;
    private final Progress progress;
    private final DocumentShaper shaper;

    /** The outcome for one namespace. */
    public static final class Result {
        public long mongoCount;
        /** Documents the job keeps out of the index: dropped by a script, deleted by delete-when-field, dead-lettered. */
        public long notIndexed;
        public long indexCount;
        public final List<String> missing = new ArrayList<>();
        public final List<String> extra = new ArrayList<>();
        public final List<String> stale = new ArrayList<>();
        public long missingTotal;
        public long extraTotal;
        public long staleTotal;
        public boolean unordered;
        /** The ids are of types Elasticsearch does not order as MongoDB does, so the compare went by lookups. */
        public boolean batched;

        public boolean inSync() {
            return missingTotal == 0 && extraTotal == 0 && staleTotal == 0 && !unordered && mongoCount - notIndexed == indexCount;
        }
    }

    public Verify(SyncConfig config, PrintStream out, int show) {
        this.config = config;
        this.out = out;
        this.show = show;
        this.progress = new Progress(out, System.console() != null);
        this.shaper = new DocumentShaper(config.route());
    }

    /** Compares every synced namespace; true when all are in sync. */
    public boolean run() {
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        Set<Namespace> namespaces = new LinkedHashSet<>(config.sourceNamespaces());
        boolean inSync = true;
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            for (Namespace namespace : io.mongoessync.source.Collections.expand(client, namespaces)) {
                String index = config.route().indexFor(namespace.toString());
                Result result = compare(client, http, namespace, index);
                report(namespace, index, result);
                inSync &= result.inSync();
            }
        }
        out.println(inSync ? "In sync." : "Drift found.");
        return inSync;
    }

    public Result compare(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index) {
        Result result = compareInOrder(client, http, namespace, index);
        if (!result.unordered) {
            return result;
        }
        var collection = client.getDatabase(namespace.database()).getCollection(namespace.collection(), BsonDocument.class);
        Result batched = new Result();
        batched.batched = true;
        batched.mongoCount = result.mongoCount;
        batched.indexCount = result.indexCount;
        long[] seen = {0};
        new BatchCompare(http, index, collection, document -> source(namespace, document), this::comparable, batched,
                () -> progress.update(namespace.toString(), ++seen[0], batched.mongoCount)).run(this::add);
        progress.done();
        return batched;
    }

    private Result compareInOrder(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index) {
        Result result = new Result();
        var collection = client.getDatabase(namespace.database()).getCollection(namespace.collection(), BsonDocument.class);
        result.mongoCount = collection.countDocuments();
        result.indexCount = Math.max(0, http.count(index));
        Iterator<Map.Entry<String, JsonNode>> indexed = result.indexCount > 0 ? new IndexScan(http, index) : List.<Map.Entry<String, JsonNode>>of().iterator();
        Map.Entry<String, JsonNode> inIndex = next(indexed);
        String previous = null;
        long seen = 0;
        try (MongoCursor<BsonDocument> documents = collection.find().sort(Sorts.ascending("_id")).iterator()) {
            while (documents.hasNext()) {
                BsonDocument document = documents.next();
                String id = DocumentIds.canonical(document.get("_id"));
                if (previous != null && previous.compareTo(id) >= 0) {
                    result.unordered = true;
                    break;
                }
                previous = id;
                JsonNode expected = source(namespace, document);
                if (expected == null) {
                    result.notIndexed++;
                    if (inIndex != null && inIndex.getKey().equals(id)) {
                        add(result.extra, id);
                        result.extraTotal++;
                        inIndex = next(indexed);
                    }
                    progress.update(namespace.toString(), ++seen, result.mongoCount);
                    continue;
                }
                while (inIndex != null && inIndex.getKey().compareTo(id) < 0) {
                    add(result.extra, inIndex.getKey());
                    result.extraTotal++;
                    inIndex = next(indexed);
                }
                if (inIndex == null || !inIndex.getKey().equals(id)) {
                    add(result.missing, id);
                    result.missingTotal++;
                } else {
                    if (!comparable(inIndex.getValue()).equals(expected)) {
                        add(result.stale, id);
                        result.staleTotal++;
                    }
                    inIndex = next(indexed);
                }
                progress.update(namespace.toString(), ++seen, result.mongoCount);
            }
        }
        while (!result.unordered && inIndex != null) {
            add(result.extra, inIndex.getKey());
            result.extraTotal++;
            inIndex = next(indexed);
        }
        progress.done();
        return result;
    }

    /** The source the job would index for the document, shaped by the same rules; null when it keeps it out. */
    private JsonNode source(Namespace namespace, BsonDocument document) {
        try {
            DocumentShaper.Shaped shaped = shaper.shape(namespace.toString(), document.toJson(EXTENDED), "verify");
            return shaped.kind == DocumentShaper.Shaped.Kind.INDEX ? comparable(JSON.readTree(shaped.source)) : null;
        } catch (DocumentShaper.Rejected e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document as compared. index-as-update cannot remove a field and sets it to null instead,
     * so there a null field counts as absent, on both sides.
     */
    private JsonNode comparable(JsonNode document) {
        if (!config.route().indexAsUpdate() || !document.isObject()) {
            return document;
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = JSON.createObjectNode();
        document.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                copy.set(field.getKey(), comparable(field.getValue()));
            }
        });
        return copy;
    }

    private static Map.Entry<String, JsonNode> next(Iterator<Map.Entry<String, JsonNode>> iterator) {
        return iterator.hasNext() ? iterator.next() : null;
    }

    private void add(List<String> ids, String id) {
        if (ids.size() < show) {
            ids.add(id);
        }
    }

    private void report(Namespace namespace, String index, Result result) {
        out.printf("%s -> %s: MongoDB %d, Elasticsearch %d%s%n", namespace, index, result.mongoCount, result.indexCount,
                result.notIndexed == 0 ? "" : " (" + result.notIndexed + " kept out of the index by the namespace's rules)");
        if (result.batched) {
            out.println("  ids are not all ObjectIds or strings, so the two sides were compared by lookups rather than in order");
        }
        out.printf("  missing %d%s%n", result.missingTotal, list(result.missing));
        out.printf("  extra   %d%s%n", result.extraTotal, list(result.extra));
        out.printf("  stale   %d%s%n", result.staleTotal, list(result.stale));
    }

    private static String list(List<String> ids) {
        return ids.isEmpty() ? "" : "  first: " + String.join(", ", ids);
    }
}
