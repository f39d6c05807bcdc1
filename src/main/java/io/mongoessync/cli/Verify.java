package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.Namespace;
import io.mongoessync.files.FileFields;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.route.DocumentShaper;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.source.ClusterClock;
import org.bson.BsonDocument;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code verify}: compares every synced collection with its index, counts first, then document by
 * document, and reports the ids that are missing from Elasticsearch, extra in it, or stale there;
 * {@code verify --repair} mends them too.
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
    private final LiveDocuments live;

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
        /** Other namespaces write to the index too: its documents that this one lacks are theirs, not extra. */
        public boolean sharedIndex;

        private final int show;
        private final Drift drift;

        public Result() {
            this(Integer.MAX_VALUE, Drift.NONE);
        }

        Result(int show, Drift drift) {
            this.show = show;
            this.drift = drift;
        }

        public boolean inSync() {
            return missingTotal == 0 && extraTotal == 0 && staleTotal == 0 && !unordered
                    && (sharedIndex || mongoCount - notIndexed == indexCount);
        }

        void missing(String id, BsonDocument document) {
            missingTotal++;
            shown(missing, id);
            drift.missing(id, document);
        }

        void stale(String id, BsonDocument document) {
            staleTotal++;
            shown(stale, id);
            drift.stale(id, document);
        }

        void extra(String id, String routing, JsonNode source) {
            if (sharedIndex) {
                return;
            }
            extraTotal++;
            shown(extra, id);
            drift.extra(id, routing, source);
        }

        private void shown(List<String> ids, String id) {
            if (ids.size() < show) {
                ids.add(id);
            }
        }
    }

    public Verify(SyncConfig config, PrintStream out, int show) {
        this.config = config;
        this.out = out;
        this.show = show;
        this.progress = new Progress(out, System.console() != null);
        this.shaper = new DocumentShaper(config.route());
        this.live = LiveDocuments.of(config.route());
    }

    /** How often, and how far apart, a repair's closing compare looks again at what differs. */
    static final int CLOSING_LOOKS = 5;
    static final long CLOSING_PAUSE_MS = 2000;

    private enum Mode { VERIFY, REPAIR, CLOSE }

    /** Compares every synced namespace; true when all are in sync. */
    public boolean run() {
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            return compareAll(client, Mode.VERIFY);
        } catch (InterruptedException e) {
            // Only the closing compare of a repair waits.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code verify --repair}: compares every synced namespace and mends each difference as it is
     * found ({@link Repair}), then compares again, looking twice at what differs ({@link Recheck});
     * true when nothing differs then and every repair was written or found newer in Elasticsearch.
     */
    public boolean repair() throws InterruptedException {
        if (config.route().indexAsUpdate()) {
            throw new ConfigException("verify --repair cannot run with index-as-update = true: those writes carry no "
                    + "versions, so a repair could overwrite a newer change of the running job. Expected "
                    + "index-as-update = false; with it on, stop the job and start it again with --resync true.");
        }
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            for (Namespace namespace : io.mongoessync.source.Collections.expand(client, new LinkedHashSet<>(config.sourceNamespaces()))) {
                if (config.files().isFileNamespace(namespace.toString())) {
                    throw new ConfigException("verify --repair cannot mend " + namespace + ": its documents carry text extracted "
                            + "from GridFS files, which a repair would write without. Leave it out of the namespaces for --repair; "
                            + "verify alone still compares it.");
                }
                if (config.route().sharesIndex(namespace.toString())) {
                    throw new ConfigException("verify --repair cannot mend " + namespace + ": other namespaces write to its index '"
                            + config.route().indexFor(namespace.toString()) + "' too, and a repair cannot tell their documents"
                            + " from this one's. Expected one index per namespace for --repair; verify alone still compares it.");
                }
            }
            boolean repaired = compareAll(client, Mode.REPAIR);
            out.println("Verifying again ...");
            return compareAll(client, Mode.CLOSE) && repaired;
        }
    }

    private boolean compareAll(MongoClient client, Mode mode) throws InterruptedException {
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        Set<Namespace> namespaces = new LinkedHashSet<>(config.sourceNamespaces());
        boolean inSync = true;
        boolean repaired = true;
        for (Namespace namespace : io.mongoessync.source.Collections.expand(client, namespaces)) {
            String index = config.route().indexFor(namespace.toString());
            // Taken before the namespace's documents are read: see Repair.
            Repair mend = mode == Mode.REPAIR ? new Repair(http, config.route(), namespace.toString(), index, ClusterClock.now(client)) : null;
            Recheck recheck = mode == Mode.CLOSE ? new Recheck(document -> routing(namespace, document)) : null;
            Result result = compare(client, http, namespace, index, mend != null ? mend : recheck != null ? recheck : Drift.NONE);
            report(namespace, index, result);
            if (mend != null) {
                mend.flush();
                out.println(mend.summary());
                repaired &= mend.failed() == 0;
            } else if (recheck != null && !result.inSync()) {
                inSync &= settled(client, http, namespace, index, recheck);
            } else {
                inSync &= result.inSync();
            }
        }
        if (mode == Mode.REPAIR) {
            return repaired;
        }
        out.println(inSync ? "In sync." : "Drift found.");
        return inSync;
    }

    /** Whether what the closing compare found differing were changes on their way, which reached the index since. */
    private boolean settled(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index, Recheck recheck)
            throws InterruptedException {
        if (recheck.overflowed()) {
            out.printf("  more than %d differences: drift, not changes on their way%n", Recheck.MAX_SUSPECTS);
            return false;
        }
        var collection = client.getDatabase(namespace.database()).getCollection(namespace.collection(), BsonDocument.class);
        int found = recheck.remaining();
        for (int look = 0; look < CLOSING_LOOKS && recheck.remaining() > 0; look++) {
            Thread.sleep(CLOSING_PAUSE_MS);
            recheck.again(collection, http, index, live, document -> source(namespace, document), indexed -> indexed(namespace, indexed));
        }
        out.printf(recheck.remaining() == 0
                ? "  looked again: all %d were changes on their way, in Elasticsearch now%n"
                : "  looked again: " + recheck.remaining() + " of %d still differ%n", found);
        return recheck.remaining() == 0;
    }

    /** The routing the job gives the document, or null. */
    private String routing(Namespace namespace, BsonDocument document) {
        try {
            DocumentShaper.Shaped shaped = shaper.shape(namespace.toString(), document, "verify");
            return shaped.place == null ? null : shaped.place.routing();
        } catch (DocumentShaper.Rejected e) {
            return null;
        }
    }

    public Result compare(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index) {
        return compare(client, http, namespace, index, Drift.NONE);
    }

    /** The compare, with each difference also handed to {@code drift} as it is found. */
    Result compare(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index, Drift drift) {
        // An ordered compare that meets unordered ids has handed some drift on already; it is
        // found again by the batched compare, and handing it on twice does no harm (repairs are versioned).
        Result result = compareInOrder(client, http, namespace, index, drift);
        if (!result.unordered) {
            return result;
        }
        var collection = client.getDatabase(namespace.database()).getCollection(namespace.collection(), BsonDocument.class);
        Result batched = new Result(show, drift);
        batched.sharedIndex = result.sharedIndex;
        batched.batched = true;
        batched.mongoCount = result.mongoCount;
        batched.indexCount = result.indexCount;
        long[] seen = {0};
        new BatchCompare(http, index, live, collection, document -> source(namespace, document), indexed -> indexed(namespace, indexed), batched,
                () -> progress.update(namespace.toString(), ++seen[0], batched.mongoCount)).run();
        progress.done();
        return batched;
    }

    private Result compareInOrder(MongoClient client, ElasticsearchHttp http, Namespace namespace, String index, Drift drift) {
        Result result = new Result(show, drift);
        result.sharedIndex = config.route().sharesIndex(namespace.toString());
        var collection = client.getDatabase(namespace.database()).getCollection(namespace.collection(), BsonDocument.class);
        result.mongoCount = collection.countDocuments();
        result.indexCount = Math.max(0, live.count(http, index));
        Iterator<IndexScan.Hit> indexed = result.indexCount > 0 ? new IndexScan(http, index, live) : List.<IndexScan.Hit>of().iterator();
        IndexScan.Hit inIndex = next(indexed);
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
                    if (inIndex != null && inIndex.id().equals(id)) {
                        result.extra(id, inIndex.routing(), inIndex.source());
                        inIndex = next(indexed);
                    }
                    progress.update(namespace.toString(), ++seen, result.mongoCount);
                    continue;
                }
                while (inIndex != null && inIndex.id().compareTo(id) < 0) {
                    result.extra(inIndex.id(), inIndex.routing(), inIndex.source());
                    inIndex = next(indexed);
                }
                if (inIndex == null || !inIndex.id().equals(id)) {
                    result.missing(id, document);
                } else {
                    if (!indexed(namespace, inIndex.source()).equals(expected)) {
                        result.stale(id, document);
                    }
                    inIndex = next(indexed);
                }
                progress.update(namespace.toString(), ++seen, result.mongoCount);
            }
        }
        while (!result.unordered && inIndex != null) {
            result.extra(inIndex.id(), inIndex.routing(), inIndex.source());
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
     * An indexed document as compared with MongoDB's: a GridFS file's extracted text is not in
     * MongoDB's document, so it is left out of the compare.
     */
    private JsonNode indexed(Namespace namespace, JsonNode document) {
        if (document.isObject() && document.has(FileFields.FIELD) && config.files().isFileNamespace(namespace.toString())) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) document).deepCopy();
            copy.remove(FileFields.FIELD);
            return comparable(copy);
        }
        return comparable(document);
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

    private static IndexScan.Hit next(Iterator<IndexScan.Hit> iterator) {
        return iterator.hasNext() ? iterator.next() : null;
    }

    private void report(Namespace namespace, String index, Result result) {
        out.printf("%s -> %s: MongoDB %d, Elasticsearch %d%s%n", namespace, index, result.mongoCount, result.indexCount,
                result.notIndexed == 0 ? "" : " (" + result.notIndexed + " kept out of the index by the namespace's rules)");
        if (result.sharedIndex) {
            out.println("  other namespaces write to this index too, so its documents this collection lacks are not counted as extra");
        }
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
