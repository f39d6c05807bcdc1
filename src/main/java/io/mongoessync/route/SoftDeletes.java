package io.mongoessync.route;

import io.mongoessync.convert.ClusterTimes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.source.ChangeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The document Elasticsearch keeps in place of a deleted one when soft delete is on. */
final class SoftDeletes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteSettings settings;

    SoftDeletes(RouteSettings settings) {
        this.settings = settings;
    }

    /**
     * The last indexed source with the deleted flag and time set. Without one (the document was
     * indexed before this job ran), only the id, the flag and the time.
     */
    String markDeleted(String lastSource, ChangeEvent delete) {
        try {
            ObjectNode document = lastSource != null
                    ? (ObjectNode) JSON.readTree(lastSource)
                    : JSON.createObjectNode().put(settings.idField(), delete.documentId);
            document.put(settings.softDeleteField(), true);
            long seconds = ClusterTimes.seconds(delete.clusterTime);
            document.put(settings.softDeleteTimeField(), Instant.ofEpochSecond(seconds).toString());
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
