package io.mongoessync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What a local run shows on its terminal, read from one job through Flink's REST API (the web UI's
 * own source): vertex states and metrics summed over subtasks. Every read answers null or -1 while
 * the job is not (yet, or any more) there, never an exception: the terminal is only a view.
 */
final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String job;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    FlinkRest(String url, String jobId) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.job = jobId;
    }

    /** The job's details (state, vertices and their states), or null when the job does not answer. */
    JsonNode job() {
        return get("/jobs/" + job);
    }

    /** The id of the first vertex whose name starts with the operator's name, or null. */
    String vertex(String name) {
        JsonNode vertex = vertex(job(), name);
        return vertex == null ? null : vertex.path("id").asText();
    }

    /** The vertex of the job's details whose name starts with the operator's name, or null. */
    static JsonNode vertex(JsonNode details, String name) {
        if (details != null) {
            for (JsonNode vertex : details.path("vertices")) {
                if (vertex.path("name").asText().startsWith(name)) {
                    return vertex;
                }
            }
        }
        return null;
    }

    /** The metric {@code suffix} summed over the vertex's subtasks; -1 until Flink lists it. */
    double sum(String vertex, String suffix) {
        return aggregate(vertex, suffix, "sum");
    }

    /** The metric {@code suffix}'s maximum over the vertex's subtasks; -1 until Flink lists it. */
    double max(String vertex, String suffix) {
        return aggregate(vertex, suffix, "max");
    }

    /** Every metric whose id matches, summed over the vertex's subtasks and over each other; -1 until Flink lists one. */
    double sumAll(String vertex, java.util.function.Predicate<String> id) {
        String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        JsonNode listed = get(base);
        if (listed == null) {
            return -1;
        }
        StringBuilder ids = new StringBuilder();
        for (JsonNode metric : listed) {
            if (id.test(metric.path("id").asText())) {
                // Commas separate the ids only when not encoded themselves.
                ids.append(ids.length() == 0 ? "" : ",").append(URLEncoder.encode(metric.path("id").asText(), StandardCharsets.UTF_8));
            }
        }
        JsonNode values = ids.length() == 0 ? null : get(base + "?get=" + ids);
        if (values == null) {
            return -1;
        }
        double sum = 0;
        for (JsonNode value : values) {
            sum += value.path("sum").asDouble();
        }
        return sum;
    }

    private double aggregate(String vertex, String suffix, String aggregate) {
        String base = "/jobs/" + job + "/vertices/" + vertex + "/subtasks/metrics";
        JsonNode listed = get(base);
        if (listed == null) {
            return -1;
        }
        for (JsonNode metric : listed) {
            String id = metric.path("id").asText();
            if (id.endsWith(suffix)) {
                JsonNode values = get(base + "?get=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                return values == null ? -1 : values.path(0).path(aggregate).asDouble(-1);
            }
        }
        return -1;
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
