package io.mongoessync.route;

import java.util.Objects;

/** Where a document lives in Elasticsearch: index, routing and the pipeline its writes go through. */
public final class Place {

    final String index;
    final String routing;
    final String pipeline;

    Place(String index, String routing, String pipeline) {
        this.index = index;
        this.routing = routing;
        this.pipeline = pipeline;
    }

    /** Index and routing, as kept in state; the pipeline does not move a document. */
    String encode() {
        return routing == null ? index : index + '\u0000' + routing;
    }

    static Place decode(String encoded) {
        int zero = encoded.indexOf('\u0000');
        return zero < 0 ? new Place(encoded, null, null) : new Place(encoded.substring(0, zero), encoded.substring(zero + 1), null);
    }

    boolean sameDocumentAs(Place other) {
        return other != null && index.equals(other.index) && Objects.equals(routing, other.routing);
    }

    public String index() {
        return index;
    }

    public String routing() {
        return routing;
    }

    @Override
    public String toString() {
        return routing == null ? index : index + " (routing " + routing + ")";
    }
}
