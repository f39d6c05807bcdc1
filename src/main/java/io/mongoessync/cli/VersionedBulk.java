package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Index and delete actions with external versions, sent 500 to a bulk, for the commands that write
 * beside the job ({@code verify --repair}, {@code resync}). A 409 means Elasticsearch holds a newer
 * write of that document, which stays: counted, not an error.
 */
public final class VersionedBulk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACTIONS = 500;
    private static final int SHOWN_FAILURES = 5;

    private final ElasticsearchHttp http;
    private final StringBuilder body = new StringBuilder();
    private int actions;

    private long written;
    private long deleted;
    private long newer;
    private long failed;
    private final List<String> failures = new ArrayList<>();

    public VersionedBulk(ElasticsearchHttp http) {
        this.http = http;
    }

    public void index(String index, String id, long version, String routing, String pipeline, String source) {
        add(action("index", index, id, version, routing, pipeline), source);
    }

    public void delete(String index, String id, long version, String routing) {
        add(action("delete", index, id, version, routing, null), null);
    }

    private static String action(String kind, String index, String id, long version, String routing, String pipeline) {
        ObjectNode meta = JSON.createObjectNode();
        ObjectNode action = meta.putObject(kind).put("_index", index).put("_id", id)
                .put("version", version).put("version_type", "external");
        if (routing != null) {
            action.put("routing", routing);
        }
        if (pipeline != null) {
            action.put("pipeline", pipeline);
        }
        return meta.toString();
    }

    private void add(String action, String source) {
        body.append(action).append('\n');
        if (source != null) {
            body.append(source).append('\n');
        }
        if (++actions >= ACTIONS) {
            flush();
        }
    }

    /** Sends what is buffered. */
    public void flush() {
        if (actions == 0) {
            return;
        }
        JsonNode answer = http.post("/_bulk", body.toString());
        body.setLength(0);
        actions = 0;
        if (answer.has("error")) {
            throw new IllegalStateException("Elasticsearch refused a bulk request: " + answer.path("error").path("reason").asText());
        }
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

    public long failed() {
        return failed;
    }

    /** e.g. "52 written, 10 deleted, 30 left as newer in Elasticsearch", with the first failures. */
    public String summary() {
        StringBuilder line = new StringBuilder(String.format("%d written, %d deleted, %d left as newer in Elasticsearch",
                written, deleted, newer));
        if (failed > 0) {
            line.append(String.format(", %d failed", failed));
            failures.forEach(failure -> line.append("\n    ").append(failure));
        }
        return line.toString();
    }
}
