package io.mongoessync.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.FieldPaths;
import io.mongoessync.transform.FieldTransform;
import io.mongoessync.transform.ScriptHook;
import org.bson.BsonDocument;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a MongoDB document into what Elasticsearch gets: the converted source after field rules and
 * the script, and its place (index, routing, pipeline). Also used by {@code verify}, so both sides
 * of a compare are shaped alike.
 */
public final class DocumentShaper {

    private final RouteSettings settings;
    private final Map<String, ScriptHook> scripts = new HashMap<>();
    /** Per namespace, the index of a template that names no document field. */
    private final Map<String, String> fixedIndexes = new HashMap<>();

    public DocumentShaper(RouteSettings settings) {
        this.settings = settings;
    }

    /** What to do with one document. */
    public static final class Shaped {
        public enum Kind { INDEX, DROP, DELETE }

        public final Kind kind;
        public final String source;
        public final Place place;

        Shaped(Kind kind, String source, Place place) {
            this.kind = kind;
            this.source = source;
            this.place = place;
        }
    }

    /** A document that cannot be written as it is; it goes to the dead-letter index. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    /**
     * @param document the document as MongoDB extended JSON
     * @param operation insert, update or replace, passed to the script
     */
    public Shaped shape(String namespace, String document, String operation) throws Rejected {
        BsonDocument parsed;
        try {
            parsed = BsonDocument.parse(document);
        } catch (RuntimeException e) {
            throw new Rejected("it cannot be converted to JSON: " + e.getMessage());
        }
        return shape(namespace, parsed, operation);
    }

    /** @param document parsed, or raw BSON as a copy reads it */
    public Shaped shape(String namespace, BsonDocument document, String operation) throws Rejected {
        NamespaceRules rules = settings.rulesFor(namespace);
        String source;
        try {
            source = BsonJsonWriter.toSourceJson(document, settings.idField());
        } catch (RuntimeException e) {
            throw new Rejected("it cannot be converted to JSON: " + e.getMessage());
        }
        Place place = new Place(null, null, rules.pipeline());
        boolean deleteRequested = false;
        ObjectNode tree = null;
        if (rules.transformsFields() || rules.deleteWhenField() != null || rules.routingField() != null
                || rules.index().dependsOnDocument()) {
            tree = FieldTransform.parse(source);
            tree = new FieldTransform(rules, settings.idField()).apply(tree);
            deleteRequested = rules.deleteWhenField() != null && isSet(tree.at(FieldPaths.pointer(rules.deleteWhenField())));
            source = tree.toString();
        }
        if (rules.script() != null && !deleteRequested) {
            ScriptHook.ScriptResult result;
            try {
                result = scripts.computeIfAbsent(namespace, n -> ScriptHook.compile(rules.script())).apply(source, namespace, operation);
            } catch (ScriptHook.ScriptFailure e) {
                throw new Rejected(e.getMessage());
            }
            if (result.drop) {
                return new Shaped(Shaped.Kind.DROP, null, null);
            }
            deleteRequested = result.delete;
            source = result.json;
            tree = null;
            place = new Place(result.index, result.routing, result.pipeline != null ? result.pipeline : place.pipeline);
        }
        String index = place.index;
        String routing = place.routing;
        try {
            if (index == null && !rules.index().dependsOnDocument()) {
                // The same for every document of the namespace: rendered and checked once, not per document.
                index = fixedIndexes.computeIfAbsent(namespace, n -> checkedIndex(rules.index().render(
                        rules.namespace().database(), rules.namespace().collection(), null)));
            } else {
                index = checkedIndex(index != null ? index : rules.index().render(rules.namespace().database(),
                        rules.namespace().collection(), tree(tree, source)));
            }
            if (routing == null && rules.routingField() != null) {
                JsonNode value = tree(tree, source).at(FieldPaths.pointer(rules.routingField()));
                if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
                    throw new IllegalArgumentException("routing-field '" + rules.routingField() + "' is "
                            + (value.isMissingNode() ? "missing" : value.getNodeType().toString().toLowerCase()) + " in the document");
                }
                routing = value.asText();
            }
        } catch (IllegalArgumentException | ConfigException e) {
            throw new Rejected(e.getMessage());
        }
        place = new Place(index, routing, place.pipeline);
        if (deleteRequested) {
            return new Shaped(Shaped.Kind.DELETE, null, place);
        }
        // UTF-8 takes at most 3 bytes per UTF-16 char: only a source near the limit is encoded to be measured.
        if ((long) source.length() * 3 > settings.documentMaxBytes()) {
            int bytes = source.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > settings.documentMaxBytes()) {
                throw new Rejected("it is " + bytes + " bytes as JSON, over document-max-bytes (" + settings.documentMaxBytes() + ")");
            }
        }
        return new Shaped(Shaped.Kind.INDEX, source, place);
    }

    private static String checkedIndex(String index) {
        return SyncConfig.indexName("index", index.toLowerCase(java.util.Locale.ROOT));
    }

    private static ObjectNode tree(ObjectNode tree, String source) {
        return tree != null ? tree : FieldTransform.parse(source);
    }

    private static boolean isSet(JsonNode value) {
        return !value.isMissingNode() && !value.isNull() && !(value.isBoolean() && !value.booleanValue());
    }

}
