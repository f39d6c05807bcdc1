package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The demo's one-line status while it streams: changes per second and replication lag, read from
 * the job's metrics through Flink's REST API. Redrawn in place on a terminal, a line every 30 s
 * otherwise.
 */
final class LiveStatus implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String flink;
    private final String jobId;
    private final PrintStream out;
    private final boolean terminal;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LiveStatus(String flinkRestUrl, String jobId, PrintStream out, boolean terminal) {
        this.flink = flinkRestUrl;
        this.jobId = jobId;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void run() {
        String vertex = routeVertex();
        long every = terminal ? 2000 : 30_000;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
            String line = line(vertex);
            if (line != null) {
                out.print(terminal ? "\r" + line + "   " : line + "\n");
                out.flush();
            }
        }
    }

    String line(String vertex) {
        JsonNode metrics = get("/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics"
                + "?get=Route_documents.numRecordsInPerSecond,Route_documents.replicationLagSeconds");
        if (metrics == null) {
            return null;
        }
        double perSecond = 0;
        long lag = 0;
        for (JsonNode metric : metrics) {
            if (metric.path("id").asText().endsWith("numRecordsInPerSecond")) {
                perSecond = metric.path("sum").asDouble();
            } else {
                lag = metric.path("max").asLong();
            }
        }
        return String.format("%s  streaming: %.1f changes/s, replication lag %d s", LocalTime.now().format(TIME), perSecond, lag);
    }

    private String routeVertex() {
        JsonNode job = get("/jobs/" + jobId);
        if (job != null) {
            for (JsonNode vertex : job.path("vertices")) {
                if (vertex.path("name").asText().startsWith("Route documents")) {
                    return vertex.path("id").asText();
                }
            }
        }
        return "";
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(flink + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
