package io.mongoessync.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.cli.ElasticsearchHttp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a synced index name stands for in Elasticsearch: nothing yet, a concrete index of that name
 * (as the job creates it), or an alias over one generation {@code name-vN} (as {@code rebuild}
 * leaves it). Also what an interrupted rebuild left: a generation the alias does not point to, or
 * the mark of a swap whose catch-up had not finished.
 */
final class IndexGenerations {

    /** In the new generation's mapping {@code _meta} from just before the swap until its catch-up is done. */
    static final String MARK = "mongo-es-sync-rebuild";

    final String name;
    /** The index searches on {@code name} hit now; null when there is none. */
    final String live;
    /** The generation of {@link #live}: 0 for a concrete index called {@code name}. */
    final int generation;
    /** Generations the alias does not point to: left by a rebuild stopped before its swap. */
    final List<String> unused;
    /** Where the change stream stood at a swap whose catch-up never finished, or null. */
    final Long catchUpFrom;

    private IndexGenerations(String name, String live, int generation, List<String> unused, Long catchUpFrom) {
        this.name = name;
        this.live = live;
        this.generation = generation;
        this.unused = unused;
        this.catchUpFrom = catchUpFrom;
    }

    static IndexGenerations of(ElasticsearchHttp http, String name) {
        Pattern generationName = Pattern.compile(Pattern.quote(name) + "-v(\\d+)");
        List<String> generations = new ArrayList<>();
        for (JsonNode index : http.get("/_resolve/index/" + name + "-v*?expand_wildcards=all").path("indices")) {
            generations.add(index.path("name").asText());
        }
        String live = null;
        JsonNode resolved = http.get("/_resolve/index/" + name + "?expand_wildcards=all");
        for (JsonNode alias : resolved.path("aliases")) {
            JsonNode behind = alias.path("indices");
            if (behind.size() != 1) {
                throw new IllegalStateException("The alias '" + name + "' points to " + behind.size()
                        + " indexes; rebuild expects one, the index it swaps out");
            }
            live = behind.get(0).asText();
        }
        for (JsonNode index : resolved.path("indices")) {
            live = index.path("name").asText();
        }
        int generation = 0;
        if (live != null && !live.equals(name)) {
            Matcher matcher = generationName.matcher(live);
            if (!matcher.matches()) {
                throw new IllegalStateException("The alias '" + name + "' points to '" + live + "'; rebuild expects '"
                        + name + "' itself or a generation '" + name + "-vN'");
            }
            generation = Integer.parseInt(matcher.group(1));
        }
        List<String> unused = new ArrayList<>();
        for (String index : generations) {
            if (generationName.matcher(index).matches() && !index.equals(live)) {
                unused.add(index);
            }
        }
        Long catchUpFrom = null;
        if (live != null) {
            for (Iterator<JsonNode> mappings = http.get("/" + live + "/_mapping").elements(); mappings.hasNext(); ) {
                JsonNode mark = mappings.next().path("mappings").path("_meta").path(MARK).path("catch_up_from");
                if (mark.canConvertToLong()) {
                    catchUpFrom = mark.asLong();
                }
            }
        }
        return new IndexGenerations(name, live, generation, unused, catchUpFrom);
    }

    /** The name of the generation a rebuild copies into. */
    String next() {
        int after = generation;
        for (String index : unused) {
            after = Math.max(after, Integer.parseInt(index.substring(index.lastIndexOf("-v") + 2)));
        }
        return name + "-v" + (after + 1);
    }
}
