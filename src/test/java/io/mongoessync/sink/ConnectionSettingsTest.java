package io.mongoessync.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoessync.config.Redaction;
import io.mongoessync.config.SyncConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.mongoessync.testing.Configs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials, trust, flavors and bulk tuning: parsed, checked with clear errors, and never shown. */
class ConnectionSettingsTest {

    @Test
    void badValuesNameTheKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> config("elasticsearch-pem-file", dir.resolve("none.pem").toString()))
                .hasMessageContaining("'elasticsearch-pem-file'").hasMessageContaining("none.pem").hasMessageContaining("NoSuchFile");
        Path notPem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> config("elasticsearch-pem-file", notPem.toString()))
                .hasMessageContaining("'elasticsearch-pem-file'").hasMessageContaining("CA certificates");
        assertThatThrownBy(() -> config("elasticsearch-api-key", "id:key", "elasticsearch-user", "u", "elasticsearch-password", "p"))
                .hasMessageContaining("'elasticsearch-api-key'").hasMessageContaining("not both");
        assertThatThrownBy(() -> config("elasticsearch-flavor", "solr"))
                .hasMessageContaining("'elasticsearch-flavor'").hasMessageContaining("'solr'").hasMessageContaining("opensearch");
        assertThatThrownBy(() -> config("elasticsearch-concurrent-requests", "0"))
                .hasMessageContaining("'elasticsearch-concurrent-requests'").hasMessageContaining("positive");
        assertThatThrownBy(() -> config("elasticsearch-retry-max-time", "forever"))
                .hasMessageContaining("elasticsearch-retry-max-time").hasMessageContaining("forever");
        assertThatThrownBy(() -> config("gzip", "maybe")).hasMessageContaining("gzip").hasMessageContaining("maybe");
    }

    @Test
    void secretsAreMaskedWhereverSettingsAreShown() {
        SyncConfig config = config("mongo-url", "mongodb://app:hunter2@db1:27017,db2:27017/admin?tls=true",
                "elasticsearch-user", "syncer", "elasticsearch-password", "s3cret");
        assertThat(config.shownSettings()).containsEntry("elasticsearch-password", "******")
                .containsEntry("elasticsearch-user", "syncer")
                .containsEntry("mongo-url", "mongodb://app:******@db1:27017,db2:27017/admin?tls=true");
        assertThat(config.client().toString()).doesNotContain("s3cret");
        assertThat(Redaction.url("mongodb+srv://u:p@x.example.net/db")).isEqualTo("mongodb+srv://u:******@x.example.net/db");
        assertThat(Redaction.url("mongodb://db1:27017")).isEqualTo("mongodb://db1:27017");
        assertThatThrownBy(() -> config("mongo-url", "mongo://app:hunter2@db1")).hasMessageNotContaining("hunter2");
    }

    @Test
    void apiKeysAreSentAsElasticsearchExpects() {
        assertThat(ElasticsearchClients.apiKeyHeader("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"))
                .isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assertThat(ElasticsearchClients.apiKeyHeader("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="))
                .isEqualTo("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
    }

    @Test
    void openSearchBulkAnswersGetTheTypeThe710ClientNeeds() throws Exception {
        String answer = "{\"took\":3,\"errors\":true,\"items\":[{\"index\":{\"_index\":\"m\",\"_id\":\"1\",\"_version\":5,"
                + "\"result\":\"created\",\"status\":201}},{\"delete\":{\"_index\":\"m\",\"_type\":\"_doc\",\"_id\":\"2\",\"status\":404}}]}";
        var typed = new ObjectMapper().readTree(TypedResponseConsumer.withTypes(answer.getBytes(StandardCharsets.UTF_8)));
        assertThat(typed.path("items").get(0).path("index").path("_type").asText()).isEqualTo("_doc");
        assertThat(typed.path("items").get(1).path("delete").toString()).as("a type given stays, once")
                .isEqualTo("{\"_index\":\"m\",\"_type\":\"_doc\",\"_id\":\"2\",\"status\":404}");
        assertThat(TypedResponseConsumer.withTypes("<html>502</html>".getBytes(StandardCharsets.UTF_8)))
                .asString().isEqualTo("<html>502</html>");
        // An answer without errors is never read item by item (BulkSender), so it is left as it is.
        String written = answer.replace("\"errors\":true", "\"errors\":false");
        assertThat(TypedResponseConsumer.withTypes(written.getBytes(StandardCharsets.UTF_8))).asString().isEqualTo(written);
    }
}
