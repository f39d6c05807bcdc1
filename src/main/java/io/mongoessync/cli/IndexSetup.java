package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.files.FileFields;
import io.mongoessync.sink.ClientSettings;
import io.mongoessync.sink.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Elasticsearch needs before the first write: the user's index templates (so indexes the job
 * creates get their settings and mappings), the id field's mapping, and the dead-letter index with
 * its mapping. Runs where the job is defined, so {@code flink run}, the demo and the tests all pass
 * through it.
 */
public final class IndexSetup {

    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexSetup() {}

    /** @return the sink's connection settings, with the server's flavor detected when it was left to auto */
    public static ClientSettings apply(SyncConfig config) {
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        ClientSettings client = config.client().flavor() != null ? config.client() : config.client().withFlavor(detect(http));
        for (Map.Entry<String, String> template : config.indexTemplates().entrySet()) {
            JsonNode answer = http.put("/_index_template/" + template.getKey(), template.getValue());
            if (!answer.path("acknowledged").asBoolean()) {
                throw new ConfigException("Elasticsearch refused index template '" + template.getKey()
                        + "' from 'index-templates': " + reason(answer));
            }
        }
        mapIndexes(config, http);
        String deadLetters = config.route().deadLetterIndex();
        JsonNode answer = http.put("/" + deadLetters, DeadLetters.indexBody());
        String type = answer.path("error").path("type").asText();
        if (!answer.path("acknowledged").asBoolean() && !type.equals("resource_already_exists_exception")) {
            throw new ConfigException("Could not create the dead-letter index '" + deadLetters + "' ('dead-letter-index'): "
                    + reason(answer));
        }
        return client;
    }

    /** The mappings the job puts on its indexes; again after a resync has deleted them. */
    public static void mapIndexes(SyncConfig config) {
        mapIndexes(config, ElasticsearchHttp.of(config));
    }

    private static void mapIndexes(SyncConfig config, ElasticsearchHttp http) {
        if (config.files().highlighting()) {
            config.files().namespaces().forEach(files -> highlighting(http, config, files.toString()));
        }
        idField(http, config);
    }

    /**
     * file-highlighting's mapping, on the index itself rather than in an index template: only one
     * composable template applies to an index, so one of ours would silently replace the user's.
     * A new index is created with it, and the user's templates still apply to it.
     */
    private static void highlighting(ElasticsearchHttp http, SyncConfig config, String namespace) {
        if (config.route().rulesFor(namespace).placeDependsOnDocument()) {
            throw new ConfigException("'file-highlighting' maps the index of " + namespace + " before the first file is "
                    + "written, but its index depends on each document: give it a fixed index in 'index-mapping'.");
        }
        String index = config.route().indexFor(namespace);
        JsonNode answer = map(http, index, FileFields.highlightingMapping());
        if (answer != null) {
            throw new ConfigException("'file-highlighting' could not map file.content with term vectors in index '" + index
                    + "': " + reason(answer) + ". An index that already holds file.content without them needs to be created "
                    + "again: delete it and start the job with --resync true.");
        }
    }

    /**
     * {@code id-field} as a keyword in each index whose name the settings fix. Left to dynamic
     * mapping it became text with a keyword sub-field, both indexed: an eighth of Elasticsearch's
     * CPU per movie in a probe of bulks alone (bench/results/runs, run 52). It holds the
     * {@code _id}'s text, which is exact, so a keyword is also what a search or sort on it wants.
     * An index that mapped it already keeps its mapping; one whose name depends on each document,
     * or a whole database's indexes, are still mapped dynamically.
     */
    private static void idField(ElasticsearchHttp http, SyncConfig config) {
        ObjectNode mapping = JSON.createObjectNode();
        mapping.putObject("properties").putObject(config.route().idField()).put("type", "keyword");
        Set<String> indexes = new TreeSet<>();
        for (Namespace namespace : config.sourceNamespaces()) {
            NamespaceRules rules = config.route().rulesFor(namespace.toString());
            if (!namespace.isWholeDatabase() && !rules.placeDependsOnDocument()) {
                indexes.add(config.route().indexFor(namespace.toString()));
            }
        }
        for (String index : indexes) {
            JsonNode answer = map(http, index, mapping.toString());
            if (answer != null) {
                LOG.info("'{}' ('id-field') in index '{}' stays as mapped before or by Elasticsearch, not as a keyword: {}",
                        config.route().idField(), index, reason(answer));
            }
        }
    }

    /**
     * Adds fields to an index's mapping, or creates the index with them (the user's templates still
     * apply to it); an alias maps the indexes it names.
     *
     * @return Elasticsearch's answer when it refused, or null
     */
    private static JsonNode map(ElasticsearchHttp http, String index, String mapping) {
        JsonNode answer = http.put("/" + index + "/_mapping", mapping);
        if (answer.path("error").path("type").asText().equals("index_not_found_exception")) {
            answer = http.put("/" + index, "{\"mappings\":" + mapping + "}");
            if (answer.path("error").path("type").asText().equals("resource_already_exists_exception")) {
                answer = http.put("/" + index + "/_mapping", mapping);
            }
        }
        return answer.path("acknowledged").asBoolean() ? null : answer;
    }

    /** Which server answers: OpenSearch names itself; Elasticsearch by its major version. */
    static ClientSettings.Flavor detect(ElasticsearchHttp http) {
        JsonNode root = http.get("/");
        JsonNode version = root.path("version");
        if (version.isMissingNode()) {
            // Elasticsearch 8's test distribution answers 405 on GET /; the nodes API still says the version.
            JsonNode nodes = http.get("/_nodes/_local?filter_path=nodes.*.version").path("nodes");
            String number = nodes.elements().hasNext() ? nodes.elements().next().path("version").asText() : "";
            return number.startsWith("7.") || number.isEmpty() ? ClientSettings.Flavor.ELASTICSEARCH_7 : ClientSettings.Flavor.ELASTICSEARCH_8;
        }
        if ("opensearch".equals(version.path("distribution").asText())) {
            return ClientSettings.Flavor.OPENSEARCH;
        }
        return version.path("number").asText().startsWith("7.") ? ClientSettings.Flavor.ELASTICSEARCH_7 : ClientSettings.Flavor.ELASTICSEARCH_8;
    }

    private static String reason(JsonNode answer) {
        JsonNode error = answer.path("error");
        return error.isMissingNode() ? answer.toString() : error.path("type").asText() + ": " + error.path("reason").asText();
    }
}
