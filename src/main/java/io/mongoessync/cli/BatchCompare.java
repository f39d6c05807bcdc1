package io.mongoessync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mongoessync.convert.DocumentIds;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The compare for collections whose ids Elasticsearch does not order as MongoDB does (numbers,
 * dates, compound ids beside strings): both sides are read in batches instead of merged in order,
 * so memory stays bounded whatever the size.
 *
 * <p>First every MongoDB document is looked up in the index by its {@code _id} ({@code _mget}):
 * missing and stale. Then every index id is looked up in MongoDB by the ids that print as it:
 * extra. Two MongoDB ids of one text share an Elasticsearch document only as the job allows it: the
 * one indexed holds it, the other was dead-lettered and is counted as kept out of the index.
 */
final class BatchCompare {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 500;

    private final ElasticsearchHttp http;
    private final String index;
    private final LiveDocuments live;
    private final MongoCollection<BsonDocument> collection;
    /** The source the job would index for a document; null when the namespace's rules keep it out. */
    private final Function<BsonDocument, JsonNode> expected;
    /** An indexed document as compared with {@link #expected}'s. */
    private final UnaryOperator<JsonNode> comparable;
    private final Verify.Result result;
    private final Runnable progress;

    BatchCompare(ElasticsearchHttp http, String index, LiveDocuments live, MongoCollection<BsonDocument> collection,
            Function<BsonDocument, JsonNode> expected, UnaryOperator<JsonNode> comparable, Verify.Result result, Runnable progress) {
        this.http = http;
        this.index = index;
        this.live = live;
        this.collection = collection;
        this.expected = expected;
        this.comparable = comparable;
        this.result = result;
        this.progress = progress;
    }

    void run() {
        List<BsonDocument> batch = new ArrayList<>(BATCH);
        for (BsonDocument document : collection.find().batchSize(BATCH)) {
            batch.add(document);
            if (batch.size() == BATCH) {
                compareDocuments(batch);
                batch.clear();
            }
        }
        compareDocuments(batch);
        List<IndexScan.Hit> hits = new ArrayList<>(BATCH);
        for (Iterator<IndexScan.Hit> indexed = new IndexScan(http, index, live); indexed.hasNext(); ) {
            hits.add(indexed.next());
            if (hits.size() == BATCH) {
                findExtras(hits);
                hits.clear();
            }
        }
        findExtras(hits);
    }

    private void compareDocuments(List<BsonDocument> documents) {
        if (documents.isEmpty()) {
            return;
        }
        Map<String, JsonNode> indexed = lookUp(documents.stream().map(d -> DocumentIds.text(d.get("_id"))).toList());
        for (BsonDocument document : documents) {
            String id = DocumentIds.text(document.get("_id"));
            JsonNode wanted = expected.apply(document);
            JsonNode found = indexed.get(id);
            if (wanted == null) {
                result.notIndexed++;
            } else if (found == null) {
                result.missing(id, document);
            } else if (!found.equals(wanted)) {
                if (heldByAnother(id, document.get("_id"), found)) {
                    result.notIndexed++;
                } else {
                    result.stale(id, document);
                }
            }
            progress.run();
        }
    }

    /** True when another MongoDB id of the same text holds the document, as indexed. */
    private boolean heldByAnother(String id, BsonValue own, JsonNode indexed) {
        for (BsonDocument other : collection.find(Filters.in("_id", DocumentIds.candidates(id)))) {
            if (!DocumentIds.family(other.get("_id")).equals(DocumentIds.family(own)) && indexed.equals(expected.apply(other))) {
                return true;
            }
        }
        return false;
    }

    private void findExtras(List<IndexScan.Hit> hits) {
        if (hits.isEmpty()) {
            return;
        }
        List<BsonValue> candidates = new ArrayList<>();
        hits.forEach(hit -> candidates.addAll(DocumentIds.candidates(hit.id())));
        Set<String> inMongo = new HashSet<>();
        for (BsonDocument document : collection.find(Filters.in("_id", candidates))) {
            if (expected.apply(document) != null) {
                inMongo.add(DocumentIds.text(document.get("_id")));
            }
        }
        for (IndexScan.Hit hit : hits) {
            if (!inMongo.contains(hit.id())) {
                // An indexed document the namespace's rules keep out is extra too, as in the ordered compare.
                result.extra(hit.id(), hit.routing(), hit.source());
            }
        }
    }

    private Map<String, JsonNode> lookUp(List<String> ids) {
        ObjectNode body = JSON.createObjectNode();
        ids.forEach(body.putArray("ids")::add);
        Map<String, JsonNode> found = new HashMap<>();
        for (JsonNode doc : http.post("/" + index + "/_mget", body.toString()).path("docs")) {
            if (doc.path("found").asBoolean() && !live.isStub(doc.path("_source"))) {
                found.put(doc.path("_id").asText(), comparable.apply(doc.path("_source")));
            }
        }
        return found;
    }
}
