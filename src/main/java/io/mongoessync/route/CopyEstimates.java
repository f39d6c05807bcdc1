package io.mongoessync.route;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MongoDB's estimated document count of each copied collection, fetched once in the background so
 * the web UI can show the copy's progress ({@code copied} against {@code estimatedCount}).
 */
final class CopyEstimates {

    private static final Logger LOG = LoggerFactory.getLogger(CopyEstimates.class);

    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    void fetch(String mongoUrl, Set<Namespace> namespaces) {
        Thread thread = new Thread(() -> {
            try (MongoClient client = MongoClients.create(mongoUrl)) {
                for (Namespace namespace : io.mongoessync.source.Collections.expand(client, namespaces)) {
                    counts.put(namespace.toString(), client.getDatabase(namespace.database())
                            .getCollection(namespace.collection()).estimatedDocumentCount());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not estimate the collections' sizes for the copy's progress: {}", e.getMessage());
            }
        }, "copy-estimates");
        thread.setDaemon(true);
        thread.start();
    }

    /** The estimate, or -1 until it is known. */
    long of(String namespace) {
        return counts.getOrDefault(namespace, -1L);
    }
}
