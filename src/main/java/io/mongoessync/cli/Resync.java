package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.config.ConfigException;
import java.io.UncheckedIOException;
import io.mongoessync.config.SyncConfig;


/**
 * {@code --resync true}: the indexes of the direct-read namespaces are deleted before a fresh job
 * copies the collections again, so documents deleted while the change history was lost do not
 * linger. The Elasticsearch index itself is the only record of them.
 */
public final class Resync {

    private Resync() {}

    /** Deletes the indexes; refuses when the job resumes from a savepoint, which would skip the copy. */
    public static void clearIndexes(SyncConfig config, String savepointPath) {
        if (savepointPath != null) {
            throw new ConfigException("'resync' clears the indexes and copies the collections again; it cannot be "
                    + "combined with a savepoint (" + savepointPath + "), which skips the copy. Run without -s.");
        }
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        for (String index : config.directReadIndexes()) {
            JsonNode answer;
            try {
                answer = http.delete("/" + index);
            } catch (UncheckedIOException e) {
                throw new ConfigException("Could not delete index '" + index + "' for resync: " + e.getMessage());
            }
            if (answer.has("error") && answer.path("status").asInt() != 404) {
                throw new ConfigException("Could not delete index '" + index + "' for resync: Elasticsearch answered HTTP "
                        + answer.path("status").asInt() + " (" + answer.path("error").path("reason").asText() + ")");
            }
        }
    }
}
