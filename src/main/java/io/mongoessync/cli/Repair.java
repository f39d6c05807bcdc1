package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.route.DocumentShaper;
import io.mongoessync.route.Place;
import io.mongoessync.route.SoftDeletes;
import org.bson.BsonDocument;

/**
 * {@code verify --repair}: writes MongoDB's document for each missing or stale id and deletes each
 * extra one, in bulks, while the job goes on streaming.
 *
 * <p>Every write carries the external version {@code readTime}, MongoDB's cluster time taken before
 * the namespace's documents were read. A document read after that time holds every change up to it,
 * so the write is at least as new as that version says. A change the job applies after that time has
 * a higher version: Elasticsearch keeps it and answers 409 to the repair, which then leaves the
 * document as it is. So a repair never overwrites a newer change, and the job's next change of a
 * repaired document overwrites the repair.
 */
final class Repair implements Drift {

    private final String namespace;
    private final String index;
    private final long readTime;
    private final DocumentShaper shaper;
    private final SoftDeletes softDeletes;
    private final VersionedBulk bulk;

    Repair(ElasticsearchHttp http, RouteSettings route, String namespace, String index, long readTime) {
        this.namespace = namespace;
        this.index = index;
        this.readTime = readTime;
        this.shaper = new DocumentShaper(route);
        this.softDeletes = route.softDelete() ? new SoftDeletes(route) : null;
        this.bulk = new VersionedBulk(http);
    }

    @Override
    public void missing(String id, BsonDocument document) {
        write(id, document);
    }

    @Override
    public void stale(String id, BsonDocument document) {
        write(id, document);
    }

    @Override
    public void extra(String id, String routing, JsonNode source) {
        if (softDeletes != null) {
            // In soft-delete mode a deleted document stays as a marked stub, as the job leaves it.
            bulk.index(index, id, readTime, routing, null, softDeletes.markDeleted(source.toString(), id, readTime));
        } else {
            bulk.delete(index, id, readTime, routing);
        }
    }

    private void write(String id, BsonDocument document) {
        DocumentShaper.Shaped shaped;
        try {
            shaped = shaper.shape(namespace, document, "update");
        } catch (DocumentShaper.Rejected e) {
            // verify counts such a document as kept out of the index; nothing to mend.
            return;
        }
        if (shaped.kind != DocumentShaper.Shaped.Kind.INDEX) {
            return;
        }
        Place place = shaped.place;
        bulk.index(place.index(), id, readTime, place.routing(), place.pipeline(), shaped.source);
    }

    /** Sends what is buffered; call once the compare is done. */
    void flush() {
        bulk.flush();
    }

    long failed() {
        return bulk.failed();
    }

    String summary() {
        return "  repaired: " + bulk.summary();
    }
}
