package io.mongoessync.route;

import io.mongoessync.convert.ClusterTimes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.HistorySettings;
import io.mongoessync.convert.DocumentIds;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * One history record per change: operation, namespace, {@code _id}, cluster time, version and the
 * document as indexed (none for a delete). Its id is the document's id and the change's version, so
 * a replay rewrites the record instead of adding a second one.
 */
final class HistoryRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HistoryRecords() {}

    static IndexAction record(HistorySettings history, ChangeEvent event, long version, String source) {
        long time = event.changeTime();
        ObjectNode record = JSON.createObjectNode()
                .put("namespace", event.namespace)
                .put("document_id", event.documentId)
                .put("operation", event.snapshot ? "copy" : event.operation.name().toLowerCase(Locale.ROOT))
                .put("cluster_time", Instant.ofEpochSecond(ClusterTimes.seconds(time)).toString())
                .put("version", version);
        try {
            record.set("document", source == null ? JSON.nullNode() : JSON.readTree(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return IndexAction.index(history.indexFor(event.namespace, time),
                DocumentIds.bounded(event.documentId + "/" + version), version,
                record.toString()).from(event.namespace).fromCopy(event.cdcCopy);
    }
}
