package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.route.DocumentShaper;
import io.mongoessync.route.Place;
import io.mongoessync.route.SoftDeletes;
import org.bson.BsonDocument;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code verify --repair}: writes MongoDB's document for each missing or stale id and deletes each
 * extra one, in bulks, while the job goes on streaming.
 *
 * <p>Every write carries the external version {@code readTime}, MongoDB's cluster time taken before
 * the namespace's documents were read. A document read after that time holds every change up to it,
 * so the write is at least as new as that version says. A change the job applies after that time has
 * a higher version: Elasticsearch keeps it and answers 409 to the repair, which then leaves the
 * document as it is. So a repair never overwrites a newer change, and the job's next change of a
 * repaired document overwrites the repair.
 */
final class Repair implements Drift {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BULK_ACTIONS = 500;
    private static final int SHOWN_FAILURES = 5;

    private final ElasticsearchHttp http;
    private final String namespace;
    private final String index;
    private final long readTime;
    private final DocumentShaper shaper;
    private final SoftDeletes softDeletes;
    private final StringBuilder bulk = new StringBuilder();
    private int actions;

    long written;
    long deleted;
    /** Left as they were: Elasticsearch held a newer change (409). */
    long newer;
    long failed;
    final List<String> failures = new ArrayList<>();

    Repair(ElasticsearchHttp http, RouteSettings route, String namespace, String index, long readTime) {
        this.http = http;
        this.namespace = namespace;
        this.index = index;
        this.readTime = readTime;
        this.shaper = new DocumentShaper(route);
        this.softDeletes = route.softDelete() ? new SoftDeletes(route) : null;
    }

    @Override
    public void missing(String id, BsonDocument document) {
        write(id, document);
    }

    @Override
    public void stale(String id, BsonDocument document) {
        write(id, document);
    }

    @Override
    public void extra(String id, String routing, JsonNode source) {
        if (softDeletes != null) {
            // In soft-delete mode a deleted document stays as a marked stub, as the job leaves it.
            add(action("index", index, id, routing, null), softDeletes.markDeleted(source.toString(), id, readTime));
        } else {
            add(action("delete", index, id, routing, null), null);
        }
    }

    private void write(String id, BsonDocument document) {
        DocumentShaper.Shaped shaped;
        try {
            shaped = shaper.shape(namespace, document, "update");
        } catch (DocumentShaper.Rejected e) {
            // verify counts such a document as kept out of the index; nothing to mend.
            return;
        }
        if (shaped.kind != DocumentShaper.Shaped.Kind.INDEX) {
            return;
        }
        Place place = shaped.place;
        add(action("index", place.index(), id, place.routing(), place.pipeline()), shaped.source);
    }

    private String action(String kind, String toIndex, String id, String routing, String pipeline) {
        ObjectNode meta = JSON.createObjectNode();
        ObjectNode action = meta.putObject(kind).put("_index", toIndex).put("_id", id)
                .put("version", readTime).put("version_type", "external");
        if (routing != null) {
            action.put("routing", routing);
        }
        if (pipeline != null) {
            action.put("pipeline", pipeline);
        }
        return meta.toString();
    }

    private void add(String action, String source) {
        bulk.append(action).append('\n');
        if (source != null) {
            bulk.append(source).append('\n');
        }
        if (++actions >= BULK_ACTIONS) {
            flush();
        }
    }

    /** Sends what is buffered; call once the compare is done. */
    void flush() {
        if (actions == 0) {
            return;
        }
        JsonNode answer = http.post("/_bulk", bulk.toString());
        bulk.setLength(0);
        actions = 0;
        for (JsonNode item : answer.path("items")) {
            JsonNode outcome = item.elements().next();
            int status = outcome.path("status").asInt();
            boolean delete = item.has("delete");
            if (status == 409) {
                newer++;
            } else if (status < 300 || (delete && status == 404)) {
                if (delete) {
                    deleted++;
                } else {
                    written++;
                }
            } else {
                failed++;
                if (failures.size() < SHOWN_FAILURES) {
                    failures.add(outcome.path("_id").asText() + ": " + status + " " + outcome.path("error").path("reason").asText());
                }
            }
        }
    }

    String summary() {
        StringBuilder line = new StringBuilder(String.format("  repaired: %d written, %d deleted, %d left as newer in Elasticsearch",
                written, deleted, newer));
        if (failed > 0) {
            line.append(String.format(", %d failed", failed));
            failures.forEach(failure -> line.append("\n    ").append(failure));
        }
        return line.toString();
    }
}
