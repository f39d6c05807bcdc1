package io.mongoessync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.RouteSettings;

/**
 * The indexed documents that stand for MongoDB documents: all of them, or in soft-delete mode those
 * without the deleted mark, since the stubs of deleted documents are meant to stay.
 */
final class LiveDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String deletedField;

    private LiveDocuments(String deletedField) {
        this.deletedField = deletedField;
    }

    static LiveDocuments of(RouteSettings route) {
        return new LiveDocuments(route.softDelete() ? route.softDeleteField() : null);
    }

    /** A search query for them. */
    ObjectNode query() {
        ObjectNode query = JSON.createObjectNode();
        if (deletedField == null) {
            query.putObject("match_all");
        } else {
            query.putObject("bool").putArray("must_not").addObject().putObject("term").put(deletedField, true);
        }
        return query;
    }

    /** True for an indexed source that is a soft-deleted stub. */
    boolean isStub(com.fasterxml.jackson.databind.JsonNode source) {
        return deletedField != null && source.path(deletedField).asBoolean(false);
    }

    /** How many the index holds, after a refresh; -1 when it does not exist. */
    long count(ElasticsearchHttp http, String index) {
        if (http.post("/" + index + "/_refresh", "").has("error")) {
            return -1;
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("query", query());
        return http.post("/" + index + "/_count", body.toString()).path("count").asLong(-1);
    }
}
