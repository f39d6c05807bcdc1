package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain REST calls to Elasticsearch, for verify, resync, the demo's reports and the tests' checks. */
public final class ElasticsearchHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String authorization;
    private final HttpClient http;

    public ElasticsearchHttp(String url) {
        this(url, (String) null, (String) null);
    }

    /** With basic authentication when {@code user} is not null. */
    public ElasticsearchHttp(String url, String user, String password) {
        this(url, user == null ? null : basic(user, password), (javax.net.ssl.SSLContext) null);
    }

    private ElasticsearchHttp(String url, String authorization, javax.net.ssl.SSLContext ssl) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = authorization;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** The first node of the job's settings, with its credentials (basic or API key) and trusted CA. */
    public static ElasticsearchHttp of(io.mongoessync.config.SyncConfig config) {
        return of(config, config.elasticsearchUrls().get(0));
    }

    /** One node of the job's settings, with its credentials and trusted CA. */
    public static ElasticsearchHttp of(io.mongoessync.config.SyncConfig config, URI node) {
        String authorization = config.elasticsearchApiKey() != null
                ? io.mongoessync.sink.ElasticsearchClients.apiKeyHeader(config.elasticsearchApiKey())
                : config.elasticsearchUser() != null ? basic(config.elasticsearchUser(), config.elasticsearchPassword()) : null;
        javax.net.ssl.SSLContext ssl = config.elasticsearchCaPem() == null ? null
                : io.mongoessync.sink.Trust.fromPem(config.elasticsearchCaPem());
        return new ElasticsearchHttp(node.toString(), authorization, ssl);
    }

    public String url() {
        return url;
    }

    /** The HTTP status of a GET, for reachability checks; throws {@link IOException} when nothing answers. */
    public int status(String path) throws IOException, InterruptedException {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(url + path)).GET()).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    public JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode put(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).DELETE());
    }

    /** Documents in the index after a refresh, or -1 if the index does not exist yet. */
    public long count(String index) {
        JsonNode refreshed = post("/" + index + "/_refresh", "");
        if (refreshed.has("error")) {
            return -1;
        }
        return get("/" + index + "/_count").path("count").asLong(-1);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(authorized(request).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Elasticsearch", e);
        }
    }
}
