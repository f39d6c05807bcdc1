package io.mongoessync.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.cli.VersionedBulk;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.route.DocumentShaper;
import io.mongoessync.route.SoftDeletes;
import io.mongoessync.source.ClusterClock;
import io.mongoessync.source.Collections;
import org.bson.BsonDocument;

import java.io.PrintStream;
import java.util.LinkedHashSet;

/**
 * {@code rebuild}: copies each synced collection into a new index generation behind its alias
 * while the job goes on streaming to the live one, then swaps the alias over in one call, so that
 * searches never see a missing or partial index.
 *
 * <p>A separate command beside the running job rather than a mode of it: the job needs no restart
 * and keeps its savepoints, and a rebuild that fails leaves the job as it was. The steps, for an
 * index name {@code hotmovies} whose live index is {@code hotmovies} (concrete, as the job creates
 * it) or {@code hotmovies-vN}:
 * <ol>
 *   <li>a generation left by a rebuild stopped before its swap is deleted (rolled back);
 *   <li>{@code hotmovies-vN+1} is created with the live index's settings and mappings;
 *   <li>MongoDB's cluster time T is read, then the collection is copied into it with version T;
 *   <li>the changes from T on are written to it with their cluster times, as the job writes them;
 *   <li>where that stands is marked in its mapping, then one {@code _aliases} call points the alias
 *       at it: atomic, so searches see the old index or the new one, whole;
 *   <li>the changes up to the swap are written to it too (the job sent them to the old index), and
 *       the mark is removed. A rebuild that finds the mark finishes this step;
 *   <li>the old generation is deleted a few seconds later, once searches on it have ended. A
 *       rebuild that finds it finishes this step too. A concrete index of the alias's own name (the
 *       first rebuild, which migrates it) goes in the swap's own call instead, since an index and
 *       an alias cannot share a name: a search running on it at that instant can fail.
 * </ol>
 */
public final class IndexRebuild {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a search that resolved the alias before the swap may still read the old generation. */
    static final long RETIRE_AFTER_MS = 5000;

    private final SyncConfig config;
    private final PrintStream out;
    private final ElasticsearchHttp http;

    public IndexRebuild(SyncConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
        this.http = ElasticsearchHttp.of(config);
    }

    /** Rebuilds the index of every synced namespace. */
    public void run() {
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            for (Namespace namespace : Collections.expand(client, new LinkedHashSet<>(config.sourceNamespaces()))) {
                rebuild(client, namespace, true);
            }
        }
    }

    /** @param swapDone false stops after the swap, as a rebuild killed there would; for tests */
    void rebuild(MongoClient client, Namespace namespace, boolean swapDone) {
        String name = fixedIndex(namespace);
        MongoCollection<BsonDocument> collection = client.getDatabase(namespace.database())
                .getCollection(namespace.collection(), BsonDocument.class);
        IndexGenerations state = IndexGenerations.of(http, name);
        Shaping shaping = new Shaping(namespace);
        if (state.catchUpFrom != null) {
            out.printf("%s: a rebuild swapped to %s and stopped before catching up; catching up now%n", namespace, state.live);
            finish(client, collection, state.live, state.catchUpFrom, shaping);
        }
        for (String unused : state.unused) {
            boolean older = generation(unused) < state.generation;
            out.printf("%s: deleting %s, left by a rebuild stopped %s%n", namespace, unused,
                    older ? "before it deleted the generation it replaced" : "before its swap");
            http.delete("/" + unused);
        }
        if (state.catchUpFrom != null) {
            return;
        }
        String next = state.next();
        create(next, state.live);
        long readTime = ClusterClock.now(client);
        VersionedBulk bulk = new VersionedBulk(http);
        long copied = 0;
        for (BsonDocument document : collection.find()) {
            shaping.write(bulk, next, DocumentIds.canonical(document.get("_id")), document, readTime);
            copied++;
        }
        if (shaping.softDeletes != null && state.live != null) {
            carryStubs(bulk, state.live, next, readTime);
        }
        bulk.flush();
        out.printf("%s: copied %d documents into %s%n", namespace, copied, next);
        try (ChangeCatchUp changes = new ChangeCatchUp(collection, readTime)) {
            changes.catchUp(ClusterClock.now(client), shaping.into(next, bulk), bulk);
            mark(next, changes.position());
            // Searches see the copy whole from the swap on, not as refreshes catch up with it.
            http.post("/" + next + "/_refresh", "");
            swap(name, state.live, next);
            out.printf("%s: %s now points to %s%s%n", namespace, name, next, name.equals(state.live) ? "; " + name + " deleted" : "");
            if (!swapDone) {
                return;
            }
            changes.catchUp(ClusterClock.now(client), shaping.into(next, bulk), bulk);
        }
        unmark(next);
        if (state.live != null && !name.equals(state.live)) {
            retire(state.live);
            out.printf("%s: %s deleted%n", namespace, state.live);
        }
        out.printf("%s: rebuilt (%s)%n", namespace, bulk.summary());
        if (bulk.failed() > 0) {
            throw new IllegalStateException(namespace + ": some documents could not be written to " + next + ": " + bulk.summary());
        }
    }

    private void finish(MongoClient client, MongoCollection<BsonDocument> collection, String live, long from, Shaping shaping) {
        VersionedBulk bulk = new VersionedBulk(http);
        try (ChangeCatchUp changes = new ChangeCatchUp(collection, from)) {
            changes.catchUp(ClusterClock.now(client), shaping.into(live, bulk), bulk);
        }
        unmark(live);
        out.printf("%s: caught up (%s)%n", live, bulk.summary());
    }

    private static int generation(String index) {
        return Integer.parseInt(index.substring(index.lastIndexOf("-v") + 2));
    }

    /** The namespace's index, which must not depend on the document: an alias names one index. */
    private String fixedIndex(Namespace namespace) {
        NamespaceRules rules = config.route().rulesFor(namespace.toString());
        if (config.files().isFileNamespace(namespace.toString())) {
            throw new ConfigException("rebuild cannot copy " + namespace + ": its documents carry text extracted from GridFS "
                    + "files, which the copy would leave out. Rebuild it with the job: --resync true");
        }
        if (config.route().sharesIndex(namespace.toString())) {
            throw new ConfigException("rebuild needs one index per namespace; other namespaces write to the index '"
                    + config.route().indexFor(namespace.toString()) + "' of " + namespace + " too, and a copy of "
                    + namespace + " alone would drop their documents");
        }
        if (rules.index().dependsOnDocument() || rules.script() != null || rules.routingField() != null) {
            throw new ConfigException("rebuild needs one index per namespace, where the job places every document alike; "
                    + namespace + " has " + (rules.script() != null ? "a script, which may pick the index or routing"
                    : rules.routingField() != null ? "routing-field '" + rules.routingField() + "'"
                    : "the index template '" + rules.index() + "', which takes document fields"));
        }
        return config.route().indexFor(namespace.toString());
    }

    /** The new generation, with the live index's settings and mappings so that searches answer alike. */
    private void create(String next, String live) {
        ObjectNode body = JSON.createObjectNode();
        if (live != null) {
            JsonNode settings = http.get("/" + live + "/_settings").path(live).path("settings").path("index");
            ObjectNode index = body.putObject("settings").putObject("index");
            for (String kept : new String[] {"number_of_shards", "number_of_replicas", "analysis", "refresh_interval"}) {
                if (settings.has(kept)) {
                    index.set(kept, settings.get(kept));
                }
            }
            JsonNode mappings = http.get("/" + live + "/_mapping").path(live).path("mappings");
            if (mappings.isObject() && mappings.size() > 0) {
                ObjectNode copy = ((ObjectNode) mappings).deepCopy();
                if (copy.path("_meta").isObject()) {
                    ((ObjectNode) copy.get("_meta")).remove(IndexGenerations.MARK);
                }
                body.set("mappings", copy);
            }
        }
        JsonNode answer = http.put("/" + next, body.toString());
        if (answer.has("error")) {
            throw new IllegalStateException("Could not create " + next + ": " + answer.path("error").path("reason").asText());
        }
    }

    /** Soft-delete stubs of the live index, which a copy of MongoDB cannot bring back; a copied document wins. */
    private void carryStubs(VersionedBulk bulk, String live, String next, long readTime) {
        ObjectNode query = JSON.createObjectNode().put("size", 1000);
        query.putObject("query").putObject("term").put(config.route().softDeleteField(), true);
        query.putArray("sort").addObject().put("_id", "asc");
        while (true) {
            JsonNode hits = http.post("/" + live + "/_search", query.toString()).path("hits").path("hits");
            for (JsonNode hit : hits) {
                bulk.index(next, hit.path("_id").asText(), readTime, null, null, hit.path("_source").toString());
                query.set("search_after", hit.path("sort"));
            }
            if (hits.size() < 1000) {
                return;
            }
        }
    }

    private void mark(String index, long catchUpFrom) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("_meta").putObject(IndexGenerations.MARK).put("catch_up_from", catchUpFrom);
        http.put("/" + index + "/_mapping", body.toString());
    }

    private void unmark(String index) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("_meta").putNull(IndexGenerations.MARK);
        http.put("/" + index + "/_mapping", body.toString());
    }

    /**
     * One call: the alias to the new generation. An index of the alias's own name (as the job
     * creates it) must go in that same call, since an index and an alias cannot share a name; an
     * older generation stays until {@link #retire} deletes it.
     */
    private void swap(String name, String live, String next) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode actions = body.putArray("actions");
        actions.addObject().putObject("add").put("index", next).put("alias", name);
        if (name.equals(live)) {
            actions.addObject().putObject("remove_index").put("index", live);
        } else if (live != null) {
            actions.addObject().putObject("remove").put("index", live).put("alias", name);
        }
        JsonNode answer = http.post("/_aliases", body.toString());
        if (!answer.path("acknowledged").asBoolean()) {
            throw new IllegalStateException("Elasticsearch refused to point " + name + " at " + next + ": " + answer);
        }
    }

    /** Deletes the old generation once searches that started on it have had time to end. */
    private void retire(String old) {
        try {
            Thread.sleep(RETIRE_AFTER_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.delete("/" + old);
    }

    /** The job's shaping of a namespace's documents, written to a given generation. */
    private final class Shaping {
        final Namespace namespace;
        final DocumentShaper shaper = new DocumentShaper(config.route());
        final SoftDeletes softDeletes = config.route().softDelete() ? new SoftDeletes(config.route()) : null;

        Shaping(Namespace namespace) {
            this.namespace = namespace;
        }

        void write(VersionedBulk bulk, String index, String id, BsonDocument document, long version) {
            try {
                DocumentShaper.Shaped shaped = shaper.shape(namespace.toString(), document, "insert");
                if (shaped.kind == DocumentShaper.Shaped.Kind.INDEX) {
                    bulk.index(index, id, version, null, shaped.place.pipeline(), shaped.source);
                } else if (shaped.kind == DocumentShaper.Shaped.Kind.DELETE) {
                    delete(bulk, index, id, version);
                }
            } catch (DocumentShaper.Rejected e) {
                // The job dead-letters it; the new generation leaves it out as the old one does.
            }
        }

        void delete(VersionedBulk bulk, String index, String id, long version) {
            if (softDeletes == null) {
                bulk.delete(index, id, version, null);
                return;
            }
            JsonNode indexed = http.get("/" + index + "/_doc/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8));
            String last = indexed.path("found").asBoolean() ? indexed.path("_source").toString() : null;
            bulk.index(index, id, version, null, null, softDeletes.markDeleted(last, id, version));
        }

        ChangeCatchUp.Writer into(String index, VersionedBulk bulk) {
            return new ChangeCatchUp.Writer() {
                @Override
                public void write(String id, BsonDocument document, long version) {
                    Shaping.this.write(bulk, index, id, document, version);
                }

                @Override
                public void delete(String id, long version) {
                    Shaping.this.delete(bulk, index, id, version);
                }
            };
        }
    }
}
