package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Every live document of an index in {@code _id} order, a page at a time (search_after). */
final class IndexScan implements Iterator<IndexScan.Hit> {

    /** An indexed document: its id, source, and routing (null without). */
    record Hit(String id, JsonNode source, String routing) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2000;

    private final ElasticsearchHttp http;
    private final String index;
    private final LiveDocuments live;
    private final ArrayDeque<Hit> page = new ArrayDeque<>();
    private JsonNode searchAfter;
    private boolean exhausted;

    IndexScan(ElasticsearchHttp http, String index, LiveDocuments live) {
        this.http = http;
        this.index = index;
        this.live = live;
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public Hit next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private void fetch() {
        ObjectNode query = JSON.createObjectNode().put("size", PAGE);
        query.set("query", live.query());
        query.putArray("sort").addObject().put("_id", "asc");
        if (searchAfter != null) {
            query.set("search_after", searchAfter);
        }
        JsonNode hits = http.post("/" + index + "/_search", query.toString()).path("hits").path("hits");
        for (JsonNode hit : hits) {
            JsonNode routing = hit.get("_routing");
            page.add(new Hit(hit.path("_id").asText(), hit.path("_source"), routing == null ? null : routing.asText()));
            searchAfter = (ArrayNode) hit.path("sort");
        }
        exhausted = hits.size() < PAGE;
    }
}
