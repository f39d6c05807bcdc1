package io.mongoessync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.cli.ElasticsearchHttp;

/**
 * What Elasticsearch did for one tool's writes to one index, from its stats before and after: why
 * its CPU per document differs between the tools (how many bulks, its own indexing time, refreshes
 * and merging).
 */
final class ElasticsearchActivity {

    private final ElasticsearchHttp http;
    private final String index;
    private final JsonNode stats;
    private final long bulks;

    private ElasticsearchActivity(ElasticsearchHttp http, String index) {
        this.http = http;
        this.index = index;
        this.stats = http.get("/" + index + "/_stats");
        this.bulks = completedBulks(http);
    }

    static ElasticsearchActivity before(ElasticsearchHttp http, String index) {
        return new ElasticsearchActivity(http, index);
    }

    /** Since {@link #before}, for this many documents written. */
    String since(long documents) {
        ElasticsearchActivity after = new ElasticsearchActivity(http, index);
        return String.format("Elasticsearch: %d bulks (write pool), %.0f µs indexing time per document, %d refreshes, %d ms merging",
                after.bulks - bulks,
                after.delta(this, "/_all/primaries/indexing/index_time_in_millis") * 1000.0 / documents,
                after.delta(this, "/_all/primaries/refresh/total"),
                after.delta(this, "/_all/primaries/merges/total_time_in_millis"));
    }

    private long delta(ElasticsearchActivity before, String path) {
        return stats.at(path).asLong() - before.stats.at(path).asLong();
    }

    private static long completedBulks(ElasticsearchHttp http) {
        long completed = 0;
        for (JsonNode node : http.get("/_nodes/stats/thread_pool").path("nodes")) {
            completed += node.path("thread_pool").path("write").path("completed").asLong();
        }
        return completed;
    }
}
