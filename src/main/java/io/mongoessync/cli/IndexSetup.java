package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.sink.DeadLetters;

import java.util.Map;

/**
 * What Elasticsearch needs before the first write: the user's index templates (so indexes the job
 * creates get their settings and mappings), and the dead-letter index with its mapping. Runs where
 * the job is defined, so {@code flink run}, the demo and the tests all pass through it.
 */
public final class IndexSetup {

    private IndexSetup() {}

    public static void apply(SyncConfig config) {
        ElasticsearchHttp http = new ElasticsearchHttp(config.elasticsearchUrls().get(0).toString(),
                config.elasticsearchUser(), config.elasticsearchPassword());
        for (Map.Entry<String, String> template : config.indexTemplates().entrySet()) {
            JsonNode answer = http.put("/_index_template/" + template.getKey(), template.getValue());
            if (!answer.path("acknowledged").asBoolean()) {
                throw new ConfigException("Elasticsearch refused index template '" + template.getKey()
                        + "' from 'index-templates': " + reason(answer));
            }
        }
        String deadLetters = config.route().deadLetterIndex();
        JsonNode answer = http.put("/" + deadLetters, DeadLetters.indexBody());
        String type = answer.path("error").path("type").asText();
        if (!answer.path("acknowledged").asBoolean() && !type.equals("resource_already_exists_exception")) {
            throw new ConfigException("Could not create the dead-letter index '" + deadLetters + "' ('dead-letter-index'): "
                    + reason(answer));
        }
    }

    private static String reason(JsonNode answer) {
        JsonNode error = answer.path("error");
        return error.isMissingNode() ? answer.toString() : error.path("type").asText() + ": " + error.path("reason").asText();
    }
}
