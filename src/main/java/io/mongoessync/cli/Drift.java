package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.BsonDocument;

/** What {@code verify} does with each difference it finds, beyond counting it: {@code --repair} mends it. */
interface Drift {

    Drift NONE = new Drift() {
        @Override
        public void missing(String id, BsonDocument document) {}

        @Override
        public void stale(String id, BsonDocument document) {}

        @Override
        public void extra(String id, String routing, JsonNode source) {}
    };

    /** A MongoDB document that the index lacks. */
    void missing(String id, BsonDocument document);

    /** A MongoDB document whose indexed source differs from what the job would write. */
    void stale(String id, BsonDocument document);

    /**
     * An indexed document that MongoDB lacks, or whose document the namespace's rules keep out, with
     * its routing (or null) and source.
     */
    void extra(String id, String routing, JsonNode source);
}
