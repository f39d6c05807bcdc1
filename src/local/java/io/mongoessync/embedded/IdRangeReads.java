package io.mongoessync.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.InMemoryCursor;
import de.bwaldvogel.mongo.backend.QueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads MongoDB answers from its {@code _id} index, answered from {@link IdOrder}:
 * <ul>
 *   <li>{@code find} with {@code min}/{@code max} on {@code _id}, as Flink CDC reads a chunk;</li>
 *   <li>{@code find} filtered on an {@code _id} range, as Monstache reads a segment;</li>
 *   <li>an aggregation that matches an {@code _id} range, sorts by {@code _id} and skips to the next
 *       split point, as Monstache cuts a collection into segments.</li>
 * </ul>
 * The in-memory backend scans (and sorts) the whole collection for each. The job's chunks were
 * served this way first, Monstache's shapes not: at 1M documents the stand-in spent 41–51 µs of
 * CPU per document Monstache copied against 4 for the job, on the two cores all of them share, so
 * the bench slowed the peer with work a real MongoDB does not do.
 */
final class IdRangeReads {

    private static final Set<String> BOUNDS = Set.of("$gte", "$gt", "$lte", "$lt");

    private final IdOrder order;
    private final CursorRegistry cursors;
    private final QueryMatcher matcher = new DefaultQueryMatcher();

    IdRangeReads(IdOrder order, CursorRegistry cursors) {
        this.order = order;
        this.cursors = cursors;
    }

    /** The reply to a {@code find}, or null when it is not one the index answers alone. */
    Document find(String namespace, MongoCollection<?> collection, Document query) {
        Object sort = query.get("sort");
        if (query.containsKey("collation") || !isEmpty(query.get("projection")) || !(isEmpty(sort) || sort.equals(new Document("_id", 1)))
                || number(query.get("skip")) != 0 || number(query.get("limit")) != 0) {
            return null;
        }
        if (query.containsKey("min") || query.containsKey("max")) {
            if (!isEmpty(query.get("filter")) || !isIdBound(query.get("min")) || !isIdBound(query.get("max"))) {
                return null;
            }
            // Index bounds, not a filter: no type bracketing, as MongoDB reads min/max.
            Object min = query.containsKey("min") ? ((Document) query.get("min")).get("_id") : MinKey.getInstance();
            Object max = query.containsKey("max") ? ((Document) query.get("max")).get("_id") : MaxKey.getInstance();
            return reply(namespace, order.range(namespace, collection, min, true, max, false), batchSize(query));
        }
        Document filter = idRangeFilter(query.get("filter"));
        if (filter == null) {
            return null;
        }
        return reply(namespace, matching(namespace, collection, filter, 0, Integer.MAX_VALUE), batchSize(query));
    }

    /**
     * The reply to an aggregation of {@code $match} on an {@code _id} range, {@code $sort} by
     * {@code _id}, then at most {@code $skip}, {@code $limit} and {@code $project} of {@code _id}
     * alone, in that order; null for any other pipeline.
     */
    Document aggregate(String namespace, MongoCollection<?> collection, Document query) {
        List<?> pipeline = (List<?>) query.get("pipeline");
        if (query.containsKey("collation") || pipeline.size() < 2 || !(stage(pipeline.get(0), "$match") instanceof Document)
                || !new Document("_id", 1).equals(stage(pipeline.get(1), "$sort"))) {
            return null;
        }
        Document match = (Document) stage(pipeline.get(0), "$match");
        Document filter = match.isEmpty() ? match : idRangeFilter(match);
        if (filter == null) {
            return null;
        }
        int skip = 0;
        int limit = Integer.MAX_VALUE;
        boolean idOnly = false;
        int next = 2;
        if (next < pipeline.size() && stage(pipeline.get(next), "$skip") instanceof Number) {
            skip = number(stage(pipeline.get(next++), "$skip"));
        }
        if (next < pipeline.size() && stage(pipeline.get(next), "$limit") instanceof Number) {
            limit = number(stage(pipeline.get(next++), "$limit"));
        }
        if (next < pipeline.size() && isIdOnly(stage(pipeline.get(next), "$project"))) {
            idOnly = true;
            next++;
        }
        if (next < pipeline.size() || skip < 0 || limit <= 0) {
            return null;
        }
        List<Document> documents = matching(namespace, collection, filter, skip, limit);
        if (idOnly) {
            List<Document> ids = new ArrayList<>(documents.size());
            documents.forEach(document -> ids.add(new Document("_id", document.get("_id"))));
            documents = ids;
        }
        Object cursor = query.get("cursor");
        return reply(namespace, documents, cursor instanceof Document ? batchSize((Document) cursor) : 0);
    }

    /**
     * The documents a range filter matches, in {@code _id} order. Only those inside the range's
     * place in the order can match; the backend's own matcher then applies MongoDB's type
     * bracketing ({@code $gte: 5} matches no string). The first {@code skip} are left out, and
     * the read stops after {@code limit}: Monstache's split points skip into the range and take one.
     */
    private List<Document> matching(String namespace, MongoCollection<?> collection, Document filter, int skip, int limit) {
        Document bounds = filter.isEmpty() ? filter : (Document) filter.get("_id");
        Object lower = MinKey.getInstance();
        boolean lowerIncluded = true;
        Object upper = MaxKey.getInstance();
        boolean upperIncluded = false;
        for (Map.Entry<String, Object> bound : bounds.entrySet()) {
            switch (bound.getKey()) {
                case "$gte": lower = bound.getValue(); lowerIncluded = true; break;
                case "$gt": lower = bound.getValue(); lowerIncluded = false; break;
                case "$lte": upper = bound.getValue(); upperIncluded = true; break;
                default: upper = bound.getValue(); upperIncluded = false; break;
            }
        }
        List<Document> range = order.range(namespace, collection, lower, lowerIncluded, upper, upperIncluded);
        if (filter.isEmpty()) {
            return range.subList(Math.min(skip, range.size()), (int) Math.min((long) skip + limit, range.size()));
        }
        List<Document> matching = new ArrayList<>();
        int skipped = 0;
        for (Document document : range) {
            if (matching.size() == limit) {
                break;
            }
            if (matcher.matches(document, filter) && skipped++ >= skip) {
                matching.add(document);
            }
        }
        return matching;
    }

    /** The first batch in the reply, the rest behind a cursor the backend's getMore serves. */
    private Document reply(String namespace, List<Document> documents, int batchSize) {
        long cursorId = 0;
        if (batchSize > 0 && documents.size() > batchSize) {
            InMemoryCursor rest = new InMemoryCursor(cursors.generateCursorId(), documents.subList(batchSize, documents.size()));
            cursors.add(rest);
            cursorId = rest.getId();
            documents = documents.subList(0, batchSize);
        }
        Document cursor = new Document("id", cursorId).append("ns", namespace).append("firstBatch", new ArrayList<>(documents));
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /** {@code {_id: {$gte: a, $lt: b}}} and its kin with one or two bounds, or null for any other filter. */
    private static Document idRangeFilter(Object filter) {
        if (!(filter instanceof Document) || !((Document) filter).keySet().equals(Set.of("_id"))) {
            return null;
        }
        Object bounds = ((Document) filter).get("_id");
        if (!(bounds instanceof Document) || ((Document) bounds).isEmpty()) {
            return null;
        }
        Set<String> operators = ((Document) bounds).keySet();
        boolean oneLower = !(operators.contains("$gte") && operators.contains("$gt"));
        boolean oneUpper = !(operators.contains("$lte") && operators.contains("$lt"));
        return BOUNDS.containsAll(operators) && oneLower && oneUpper ? (Document) filter : null;
    }

    private static Object stage(Object stage, String name) {
        return stage instanceof Document && ((Document) stage).size() == 1 ? ((Document) stage).get(name) : null;
    }

    private static boolean isIdOnly(Object projection) {
        if (!(projection instanceof Document) || !((Document) projection).keySet().equals(Set.of("_id"))) {
            return false;
        }
        Object id = ((Document) projection).get("_id");
        return Boolean.TRUE.equals(id) || id instanceof Number && ((Number) id).intValue() == 1;
    }

    private static boolean isEmpty(Object value) {
        return value == null || value instanceof Document && ((Document) value).isEmpty();
    }

    private static boolean isIdBound(Object bound) {
        return bound == null || bound instanceof Document && ((Document) bound).keySet().equals(Set.of("_id"));
    }

    private static int batchSize(Document query) {
        return number(query.get("batchSize"));
    }

    private static int number(Object value) {
        return value instanceof Number ? ((Number) value).intValue() : 0;
    }
}
