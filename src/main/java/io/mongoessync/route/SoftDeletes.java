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
public final class SoftDeletes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteSettings settings;

    public SoftDeletes(RouteSettings settings) {
        this.settings = settings;
    }

    /**
     * The last indexed source with the deleted flag and time set. Without one (the document was
     * indexed before this job ran), only the id, the flag and the time.
     */
    String markDeleted(String lastSource, ChangeEvent delete) {
        return markDeleted(lastSource, delete.documentId, delete.clusterTime);
    }

    /** The same for a document of this id deleted at {@code clusterTime}; for verify's repairs too. */
    public String markDeleted(String lastSource, String documentId, long clusterTime) {
        try {
            ObjectNode document = lastSource != null
                    ? (ObjectNode) JSON.readTree(lastSource)
                    : JSON.createObjectNode().put(settings.idField(), documentId);
            document.put(settings.softDeleteField(), true);
            long seconds = ClusterTimes.seconds(clusterTime);
            document.put(settings.softDeleteTimeField(), Instant.ofEpochSecond(seconds).toString());
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
