package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mongoessync.convert.DocumentIds;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The differences a compare found while the job streams, looked at again by id a moment later.
 * A change still on its way to Elasticsearch differs for as long as the job's lag; drift stays.
 * So a repair's closing compare reports only what differs in every look.
 */
final class Recheck implements Drift {

    /** More than this many differences is drift, not changes in flight: they are not kept to look at again. */
    static final int MAX_SUSPECTS = 10_000;
    private static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A differing id: the MongoDB id when MongoDB has the document, and its routing. */
    record Suspect(String id, BsonValue mongoId, String routing) {}

    private final Function<BsonDocument, String> routingOf;
    private List<Suspect> suspects = new ArrayList<>();
    private boolean overflow;

    /** @param routingOf the routing the job gives a MongoDB document, or null */
    Recheck(Function<BsonDocument, String> routingOf) {
        this.routingOf = routingOf;
    }

    @Override
    public void missing(String id, BsonDocument document) {
        add(new Suspect(id, document.get("_id"), routingOf.apply(document)));
    }

    @Override
    public void stale(String id, BsonDocument document) {
        add(new Suspect(id, document.get("_id"), routingOf.apply(document)));
    }

    @Override
    public void extra(String id, String routing, JsonNode source) {
        add(new Suspect(id, null, routing));
    }

    private void add(Suspect suspect) {
        if (suspects.size() < MAX_SUSPECTS) {
            suspects.add(suspect);
        } else {
            overflow = true;
        }
    }

    /** True when there were more differences than are kept to look at again. */
    boolean overflowed() {
        return overflow;
    }

    int remaining() {
        return suspects.size();
    }

    /** Looks at each remaining suspect again and keeps those that still differ; how many remain. */
    int again(MongoCollection<BsonDocument> collection, ElasticsearchHttp http, String index, LiveDocuments live,
            Function<BsonDocument, JsonNode> expected, UnaryOperator<JsonNode> comparable) {
        List<Suspect> still = new ArrayList<>();
        for (int from = 0; from < suspects.size(); from += BATCH) {
            List<Suspect> batch = suspects.subList(from, Math.min(suspects.size(), from + BATCH));
            Map<String, JsonNode> indexed = lookUp(http, index, live, batch, comparable);
            Map<String, BsonDocument> inMongo = lookUp(collection, batch);
            for (Suspect suspect : batch) {
                BsonDocument document = inMongo.get(suspect.id());
                JsonNode wanted = document == null ? null : expected.apply(document);
                if (!Objects.equals(wanted, indexed.get(suspect.id()))) {
                    still.add(suspect);
                }
            }
        }
        suspects = still;
        return still.size();
    }

    /** The batch's live documents in the index, as compared. */
    private static Map<String, JsonNode> lookUp(ElasticsearchHttp http, String index, LiveDocuments live, List<Suspect> batch,
            UnaryOperator<JsonNode> comparable) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode docs = body.putArray("docs");
        for (Suspect suspect : batch) {
            ObjectNode doc = docs.addObject().put("_id", suspect.id());
            if (suspect.routing() != null) {
                doc.put("routing", suspect.routing());
            }
        }
        Map<String, JsonNode> found = new HashMap<>();
        for (JsonNode doc : http.post("/" + index + "/_mget", body.toString()).path("docs")) {
            if (doc.path("found").asBoolean() && !live.isStub(doc.path("_source"))) {
                found.put(doc.path("_id").asText(), comparable.apply(doc.path("_source")));
            }
        }
        return found;
    }

    /** The batch's documents in MongoDB now, by Elasticsearch id. */
    private static Map<String, BsonDocument> lookUp(MongoCollection<BsonDocument> collection, List<Suspect> batch) {
        List<BsonValue> ids = new ArrayList<>();
        for (Suspect suspect : batch) {
            if (suspect.mongoId() != null) {
                ids.add(suspect.mongoId());
            } else {
                ids.addAll(DocumentIds.candidates(suspect.id()));
            }
        }
        Map<String, BsonDocument> found = new HashMap<>();
        for (BsonDocument document : collection.find(Filters.in("_id", ids))) {
            found.put(DocumentIds.text(document.get("_id")), document);
        }
        return found;
    }
}
