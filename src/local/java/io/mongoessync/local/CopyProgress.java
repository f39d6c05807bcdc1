package io.mongoessync.local;

import io.mongoessync.cli.ElasticsearchHttp;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.mongoessync.config.IndexNameTemplate;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.source.Collections;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The copy as every local run shows it, the demo included: a live line with each namespace's
 * documents copied (the routing operator's {@code copied} metric) against MongoDB's estimated
 * count, until the copy's source has finished; then the "Copy done" table of MongoDB's and
 * Elasticsearch's counts.
 */
final class CopyProgress {

    static final String COPY_VERTEX = "Source: MongoDB copy";
    static final String ROUTE_VERTEX = "Route documents";
    /** After the copy's source finishes, how long the table waits for the last bulks to become searchable. */
    private static final long SETTLE_MILLIS = 10_000;
    private static final long POLL_MILLIS = 200;
    private static final long COUNT_MILLIS = 1000;
    private static final java.util.Set<String> TERMINAL = java.util.Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private final Terminal terminal;
    /** A local cluster stops with its job, and its REST API with it: the job's own client says when. */
    private final BooleanSupplier jobEnded;
    private final FlinkRest rest;
    private final MongoClient client;
    private final ElasticsearchHttp http;
    /** Each copied namespace and its index, null when the index is named by each document's fields. */
    private final Map<Namespace, String> indexes = new LinkedHashMap<>();
    private final Map<Namespace, Long> estimates = new LinkedHashMap<>();
    /**
     * The most each namespace's counter has shown. A counter never goes down, but its metric does
     * when the job's tasks have finished: the REST API then has none, which reads as 0.
     */
    private final Map<Namespace, Long> highest = new LinkedHashMap<>();

    CopyProgress(SyncConfig config, MongoClient client, ElasticsearchHttp http, FlinkRest rest, Terminal terminal,
            BooleanSupplier jobEnded) {
        this.jobEnded = jobEnded;
        this.terminal = terminal;
        this.rest = rest;
        this.client = client;
        this.http = http;
        List<Namespace> copied = Collections.expand(client, config.directReadNamespaces());
        for (Namespace namespace : copied) {
            IndexNameTemplate template = config.route().rulesFor(namespace.toString()).index();
            indexes.put(namespace, template.dependsOnDocument() ? null : config.route().indexFor(namespace.toString()));
            estimates.put(namespace, collection(namespace).estimatedDocumentCount());
        }
    }

    /**
     * Shows the progress until the copy's source has finished or the job has stopped; its last state
     * is always shown. {@code whenRead} runs as soon as the source is seen finished, before the last
     * counts are awaited: a copy-only run asks for its final checkpoint there.
     */
    void await(Runnable whenRead) throws InterruptedException {
        String route = null;
        String shown = "";
        long shownAt = 0;
        long countedAt = 0;
        while (true) {
            JsonNode details = rest.job();
            JsonNode copyVertex = FlinkRest.vertex(details, COPY_VERTEX);
            boolean over = copyVertex != null && "FINISHED".equals(copyVertex.path("status").asText())
                    || details != null && TERMINAL.contains(details.path("state").asText()) || jobEnded.getAsBoolean();
            JsonNode routeVertex = FlinkRest.vertex(details, ROUTE_VERTEX);
            route = route != null || routeVertex == null ? route : routeVertex.path("id").asText();
            long now = System.currentTimeMillis();
            if (over) {
                whenRead.run();
            }
            // Each count costs the job a metrics dump: once a second is plenty for a progress line. A copy
            // can be over before its job ever answered (the REST API stops with a local job): the
            // indexes' counts still give its last line.
            if (over || route != null && now - countedAt >= COUNT_MILLIS) {
                countedAt = now;
                String line = line(route);
                // The metrics reach the REST API a second late: give the last line its final counts,
                // which the indexes hold exactly once the job has ended.
                for (long waited = 0; over && waited < 3000 && !complete(route) && !jobEnded.getAsBoolean(); waited += POLL_MILLIS) {
                    Thread.sleep(POLL_MILLIS);
                    line = line(route);
                }
                // Off a terminal each update is a line of its own: one every 5 s is enough for a log.
                if (!line.equals(shown) && (over || terminal.interactive() || now - shownAt >= 5000)) {
                    terminal.live(line);
                    shown = line;
                    shownAt = now;
                }
            }
            if (over) {
                terminal.endLive();
                return;
            }
            // The source's end is looked for more often than the counts: what a copy-only run does
            // next (its final checkpoint, its exit) waits for it.
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean complete(String route) {
        return estimates.entrySet().stream().allMatch(entry -> copied(route, entry.getKey()) >= entry.getValue());
    }

    private long copied(String route, Namespace namespace) {
        long copied = route == null ? 0
                : (long) Math.max(0, rest.sum(route, "namespace." + namespace.toString().replace('.', '_') + ".copied"));
        if (jobEnded.getAsBoolean() && indexes.get(namespace) != null) {
            // The job is over and its metrics with it: what the index holds is what it wrote.
            copied = Math.max(copied, http.count(indexes.get(namespace)));
        }
        return highest.merge(namespace, copied, Math::max);
    }

    private String line(String route) {
        StringBuilder line = new StringBuilder("Copying:");
        estimates.forEach((namespace, estimate) -> {
            long copied = copied(route, namespace);
            long percent = estimate <= 0 ? 100 : Math.min(100, copied * 100 / estimate);
            line.append("  ").append(namespace).append(' ').append(copied).append('/').append(estimate)
                    .append(" (").append(percent).append("%)");
        });
        return line.toString();
    }

    /**
     * The "Copy done" table; true when every index holds its collection's count. While the job
     * runs ({@code settle}), it waits a little for the last bulks in flight to arrive.
     */
    boolean table(boolean settle) throws InterruptedException {
        Map<Namespace, long[]> counts = new LinkedHashMap<>();
        long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
        boolean complete;
        do {
            complete = true;
            for (Map.Entry<Namespace, String> entry : indexes.entrySet()) {
                long inMongo = collection(entry.getKey()).countDocuments();
                String index = entry.getValue();
                long inIndex = index == null ? -1 : Math.max(0, http.count(index));
                counts.put(entry.getKey(), new long[] {inMongo, inIndex});
                complete &= index == null || inIndex == inMongo;
            }
            if (!complete && settle) {
                Thread.sleep(500);
            }
        } while (!complete && settle && System.currentTimeMillis() < deadline);
        terminal.line("");
        terminal.line("Copy done:");
        terminal.line(String.format("  %-22s %-18s %10s %14s", "namespace", "index", "MongoDB", "Elasticsearch"));
        counts.forEach((namespace, c) -> terminal.line(String.format("  %-22s %-18s %10d %14s", namespace,
                indexes.get(namespace) == null ? "(per document)" : indexes.get(namespace), c[0], c[1] < 0 ? "-" : String.valueOf(c[1]))));
        return complete;
    }

    private com.mongodb.client.MongoCollection<org.bson.Document> collection(Namespace namespace) {
        return client.getDatabase(namespace.database()).getCollection(namespace.collection());
    }
}
