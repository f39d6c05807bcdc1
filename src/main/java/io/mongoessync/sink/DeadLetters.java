package io.mongoessync.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.convert.DocumentIds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records of documents that could not be written, for the dead-letter index: namespace, {@code _id},
 * target index, operation, version, error, HTTP status where Elasticsearch refused it, the time,
 * and the source when there is one. The record's own id is index, id and version, so a replay after
 * a restore rewrites the same record instead of adding one.
 */
public final class DeadLetters {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Queue<IndexAction> queue = new ConcurrentLinkedQueue<>();
    private final String index;
    private final boolean failFast;

    DeadLetters(String index, boolean failFast) {
        this.index = index;
        this.failFast = failFast;
    }

    String index() {
        return index;
    }

    boolean failFast() {
        return failFast;
    }


    /** A record to write; {@code status} is 0 when the routing operator refused it, before Elasticsearch. */
    public static IndexAction record(String deadLetterIndex, String namespace, String documentId, String index,
            String operation, long version, String error, int status, String source) {
        ObjectNode record = JSON.createObjectNode()
                .put("namespace", namespace)
                .put("document_id", documentId)
                .put("index", index)
                .put("operation", operation)
                .put("version", version)
                .put("error", error)
                .put("time", Instant.now().toString());
        if (status > 0) {
            record.put("status", status);
        }
        if (source != null) {
            record.put("source", source);
        }
        String id = DocumentIds.bounded(index + "/" + documentId + "/" + version);
        return IndexAction.index(deadLetterIndex, id, version, record.toString());
    }

    /** The index settings of the dead-letter index: searchable fields, the source kept but not indexed. */
    public static String indexBody() {
        return "{\"mappings\":{\"dynamic\":false,\"properties\":{"
                + "\"namespace\":{\"type\":\"keyword\"},\"document_id\":{\"type\":\"keyword\"},"
                + "\"index\":{\"type\":\"keyword\"},\"operation\":{\"type\":\"keyword\"},"
                + "\"version\":{\"type\":\"long\"},\"status\":{\"type\":\"integer\"},"
                + "\"error\":{\"type\":\"text\"},\"time\":{\"type\":\"date\"},"
                + "\"source\":{\"type\":\"text\",\"index\":false}}}}";
    }

    void add(IndexAction record) {
        queue.add(record);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Takes every record queued so far. */
    List<IndexAction> drain() {
        List<IndexAction> records = new ArrayList<>();
        IndexAction record;
        while ((record = queue.poll()) != null) {
            records.add(record);
        }
        return records;
    }
}
