package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/** Every document of an index in {@code _id} order, a page at a time (search_after), as id and source. */
final class IndexScan implements Iterator<Map.Entry<String, JsonNode>> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 2000;

    private final ElasticsearchHttp http;
    private final String index;
    private final ArrayDeque<Map.Entry<String, JsonNode>> page = new ArrayDeque<>();
    private JsonNode searchAfter;
    private boolean exhausted;

    IndexScan(ElasticsearchHttp http, String index) {
        this.http = http;
        this.index = index;
    }

    @Override
    public boolean hasNext() {
        if (page.isEmpty() && !exhausted) {
            fetch();
        }
        return !page.isEmpty();
    }

    @Override
    public Map.Entry<String, JsonNode> next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private void fetch() {
        ObjectNode query = JSON.createObjectNode().put("size", PAGE);
        query.putObject("query").putObject("match_all");
        query.putArray("sort").addObject().put("_id", "asc");
        if (searchAfter != null) {
            query.set("search_after", searchAfter);
        }
        JsonNode hits = http.post("/" + index + "/_search", query.toString()).path("hits").path("hits");
        for (JsonNode hit : hits) {
            page.add(Map.entry(hit.path("_id").asText(), hit.path("_source")));
            searchAfter = (ArrayNode) hit.path("sort");
        }
        exhausted = hits.size() < PAGE;
    }
}
