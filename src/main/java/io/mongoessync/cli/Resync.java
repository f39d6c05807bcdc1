package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.source.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code --resync true}: the indexes of the copied namespaces are deleted before a fresh job copies
 * the collections again, so documents deleted while the change history was lost do not linger. The
 * Elasticsearch index itself is the only record of them.
 *
 * <p>The job clears them itself, when its source starts without a checkpoint ({@link OnFreshStart}):
 * never on a restore, which resumes without copying, even where {@code main()} runs again (a
 * JobManager failover in application mode). Only concrete index names are deleted, one by one.
 */
public final class Resync {

    private static final Logger LOG = LoggerFactory.getLogger(Resync.class);

    private Resync() {}

    /**
     * Refuses before submission what a resync cannot do: start from a savepoint, which skips the
     * copy, or clear indexes it cannot name ({@link #indexesToClear}).
     */
    public static void check(SyncConfig config, String savepointPath) {
        if (!config.resync()) {
            return;
        }
        if (savepointPath != null) {
            throw new ConfigException("'resync' clears the indexes and copies the collections again; it cannot be "
                    + "combined with a savepoint (" + savepointPath + "), which skips the copy. Run without -s.");
        }
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            indexesToClear(config, client);
        }
    }

    /**
     * The concrete indexes a resync deletes: each copied collection's, {@code db.*} expanded to the
     * collections MongoDB has now. Refused when a namespace is followed without a copy (its index
     * would stay empty) or when its index depends on the document (no name to delete).
     */
    public static List<String> indexesToClear(SyncConfig config, MongoClient client) {
        Set<Namespace> copied = new LinkedHashSet<>(config.directReadNamespaces());
        for (Namespace followed : config.changeStreamNamespaces()) {
            if (copied.stream().noneMatch(namespace -> namespace.toString().equals(followed.toString()))) {
                throw new ConfigException("'resync' rebuilds indexes by copying their collections, but " + followed
                        + " is in 'change-stream-namespaces' only, so its index would keep documents MongoDB no longer has."
                        + " Add it to 'direct-read-namespaces' for the resync.");
            }
        }
        Set<String> indexes = new LinkedHashSet<>();
        for (Namespace namespace : Collections.expand(client, copied)) {
            NamespaceRules rules = config.route().rulesFor(namespace.toString());
            if (rules.index().dependsOnDocument()) {
                throw new ConfigException("'resync' deletes indexes by name, but " + namespace + " is indexed by the template '"
                        + rules.index() + "', whose names depend on each document. Delete those indexes yourself, then run"
                        + " without 'resync'.");
            }
            indexes.add(config.route().indexFor(namespace.toString()));
        }
        return new ArrayList<>(indexes);
    }

    /**
     * Deletes the indexes, then maps them again as {@link IndexSetup} did; deleting one that is
     * already gone is fine, so a repeat changes nothing. A failure to delete is transient (the job
     * restarts and tries again); a setting it cannot work with was refused before submission.
     */
    public static void clearIndexes(SyncConfig config) {
        List<String> indexes;
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            indexes = indexesToClear(config, client);
        }
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        for (String name : indexes) {
            // After a rebuild the name is an alias: the indexes behind it go.
            JsonNode aliased = http.get("/_alias/" + name);
            String index = !aliased.has("error") && aliased.size() > 0 ? String.join(",", (Iterable<String>) aliased::fieldNames) : name;
            JsonNode answer;
            try {
                answer = http.delete("/" + index + "?expand_wildcards=none");
            } catch (UncheckedIOException e) {
                throw new IllegalStateException("Could not delete index '" + index + "' for resync: " + e.getMessage(), e);
            }
            if (answer.has("error") && answer.path("status").asInt() != 404) {
                throw new IllegalStateException("Could not delete index '" + index + "' for resync: Elasticsearch answered HTTP "
                        + answer.path("status").asInt() + " (" + answer.path("error").path("reason").asText() + ")");
            }
        }
        LOG.info("Resync: deleted the indexes {} before copying again", indexes);
        IndexSetup.mapIndexes(config);
    }

    /** Run by the source when it starts without a checkpoint, before it hands out the first split. */
    public static final class OnFreshStart implements Runnable, Serializable {

        private static final long serialVersionUID = 1L;
        private final SyncConfig config;

        public OnFreshStart(SyncConfig config) {
            this.config = config;
        }

        @Override
        public void run() {
            try {
                clearIndexes(config);
            } catch (ConfigException e) {
                // Collections changed since submission (a db.* collection now templated): no restart can help.
                throw new org.apache.flink.runtime.execution.SuppressRestartsException(e);
            }
        }
    }
}
