package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.cli.Preflight;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.embedded.EmbeddedElasticsearch;
import io.mongoessync.testing.Certificates;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Elasticsearch 7.17 with security on: a file-realm user, HTTPS with openssl-made certificates,
 * trusted through a PEM CA file. The job syncs over it, and the password shows nowhere: not in the
 * log, not in the web UI's job or cluster configuration (read through the REST API).
 */
class SecurityIT extends SyncITBase {

    private static final String USER = "syncer";
    private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 13);
    private static Path certificates;
    private static EmbeddedElasticsearch secured;

    @BeforeAll
    static void startSecuredElasticsearch() throws Exception {
        certificates = Certificates.create(Files.createTempDirectory("certs"));
        secured = EmbeddedElasticsearch.builder().user(USER, PASSWORD).https(certificates).start();
    }

    @AfterAll
    static void stop() {
        secured.close();
    }

    @Override
    protected String elasticsearchUrl() {
        return secured.url();
    }

    @Override
    protected ElasticsearchHttp elasticsearchHttp() {
        return ElasticsearchHttp.of(settings(PASSWORD, certificates.resolve("ca.crt").toString()));
    }

    private SyncConfig settings(String password, String pem) {
        JobParams params = new JobParams().put("mongo-url", mongo == null ? "mongodb://127.0.0.1:1" : mongo.connectionString())
                .put("elasticsearch-urls", secured.url()).put("direct-read-namespaces", "mydb.secure")
                .put("elasticsearch-user", USER).put("elasticsearch-password", password);
        if (pem != null) {
            params.put("elasticsearch-pem-file", pem);
        }
        return SyncConfig.from(params.toConfiguration());
    }

    @Test
    void syncsOverHttpsWithAFileRealmUserAndShowsThePasswordNowhere() throws Exception {
        assertThat(secured.url()).startsWith("https://");
        deleteIndex("secure");
        MongoCollection<Document> movies = collection("mydb.secure");
        for (int i = 0; i < 200; i++) {
            movies.insertOne(new Document("_id", "m" + i).append("title", "movie " + i));
        }
        startJob("direct-read-namespaces", "mydb.secure", "index-mapping", "mydb.secure:secure",
                "elasticsearch-user", USER, "elasticsearch-password", PASSWORD,
                "elasticsearch-pem-file", certificates.resolve("ca.crt").toString(), "gzip", "true");
        awaitCount("secure", 200);
        movies.insertOne(new Document("_id", "m200").append("title", "乘风破浪的程序媛"));
        movies.deleteOne(new Document("_id", "m0"));
        io.mongoessync.testing.Await.until(TIMEOUT, () -> es.get("/secure/_doc/m200").path("found").asBoolean()
                && !es.get("/secure/_doc/m0").path("found").asBoolean(), () -> "the insert and delete did not arrive");
        assertIndexEqualsCollection("mydb.secure", "secure");

        List<String> pages = new ArrayList<>();
        JsonNode jobs = JSON.readTree(new URL(restUrl + "/jobs"));
        String job = jobs.path("jobs").get(0).path("id").asText();
        for (String path : List.of("/jobs/" + job + "/config", "/jobs/" + job, "/jobmanager/config", "/taskmanagers")) {
            pages.add(new String(new URL(restUrl + path).openStream().readAllBytes()));
        }
        JsonNode shown = JSON.readTree(pages.get(0)).path("execution-config").path("user-config");
        assertThat(shown.path("elasticsearch-user").asText()).as("the web UI shows the settings").isEqualTo(USER);
        assertThat(shown.path("elasticsearch-password").asText()).isEqualTo("******");
        for (String page : pages) {
            assertThat(page).doesNotContain(PASSWORD);
        }
        assertThat(Files.readString(Paths.get("target/test.log"))).doesNotContain(PASSWORD);
    }

    @Test
    void wrongPasswordAndUntrustedCertificateAreNamedBeforeTheJobStarts() {
        assertThatThrownBy(() -> Preflight.check(settings("wrong", certificates.resolve("ca.crt").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refused the credentials (HTTP 401)").hasMessageContaining("elasticsearch-password")
                .hasMessageNotContaining("wrong");
        assertThatThrownBy(() -> Preflight.check(settings(PASSWORD, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot reach Elasticsearch at " + secured.url()).hasMessageContaining("elasticsearch-urls");
    }
}
