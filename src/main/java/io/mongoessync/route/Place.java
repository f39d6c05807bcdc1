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

    /**
     * Index and routing, as kept in state, with the MongoDB time of the change that wrote the
     * document there: a drop must not delete what a later change wrote, whichever of the two
     * reached the operator first. The pipeline does not move a document.
     */
    String encode(long changeTime) {
        return (routing == null ? index : index + '\u0000' + routing) + '\u0001' + changeTime;
    }

    /** When the document was last written, as a cluster time; 0 for state written before this was kept. */
    static long writtenAt(String encoded) {
        int mark = encoded.indexOf('\u0001');
        return mark < 0 ? 0 : Long.parseLong(encoded.substring(mark + 1));
    }

    static Place decode(String stored) {
        int mark = stored.indexOf('\u0001');
        String encoded = mark < 0 ? stored : stored.substring(0, mark);
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

    public String pipeline() {
        return pipeline;
    }

    @Override
    public String toString() {
        return routing == null ? index : index + " (routing " + routing + ")";
    }
}
