package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
        URI url = config.elasticsearchUrls().get(0);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String index : config.directReadIndexes()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("/" + index)).timeout(Duration.ofSeconds(60)).DELETE();
            if (config.elasticsearchUser() != null) {
                request.header("Authorization", ElasticsearchHttp.basic(config.elasticsearchUser(), config.elasticsearchPassword()));
            }
            try {
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 200 && status != 404) {
                    throw new ConfigException("Could not delete index '" + index + "' for resync: Elasticsearch answered HTTP " + status);
                }
            } catch (IOException e) {
                throw new ConfigException("Could not delete index '" + index + "' for resync at " + url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("Interrupted while deleting index '" + index + "' for resync");
            }
        }
    }
}
