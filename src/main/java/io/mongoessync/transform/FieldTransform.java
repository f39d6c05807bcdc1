package io.mongoessync.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.convert.FieldPaths;

import java.util.List;
import java.util.Map;

/**
 * Keeps, drops and renames fields of a converted document, by dotted path into nested objects.
 * Include runs first (the id field always stays), then exclude, then rename, so a rename may use a
 * name the document's own fields left free.
 */
public final class FieldTransform {

    private final List<String> include;
    private final List<String> exclude;
    private final Map<String, String> rename;
    private final String idField;

    public FieldTransform(NamespaceRules rules, String idField) {
        this.include = rules.includeFields();
        this.exclude = rules.excludeFields();
        this.rename = rules.renameFields();
        this.idField = idField;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A converted document's JSON as a tree. */
    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The converter wrote invalid JSON", e);
        }
    }

    public ObjectNode apply(ObjectNode document) {
        ObjectNode result = document;
        if (!include.isEmpty()) {
            result = document.objectNode();
            copy(document, result, idField);
            for (String path : include) {
                copy(document, result, path);
            }
        }
        for (String path : exclude) {
            remove(result, path);
        }
        for (Map.Entry<String, String> entry : rename.entrySet()) {
            JsonNode value = remove(result, entry.getKey());
            if (value != null) {
                put(result, entry.getValue(), value);
            }
        }
        return result;
    }

    private static void copy(ObjectNode from, ObjectNode to, String path) {
        JsonNode value = from.at(FieldPaths.pointer(path));
        if (!value.isMissingNode()) {
            put(to, path, value);
        }
    }

    /** Removes the value at a path and returns it, or null when there is none. */
    private static JsonNode remove(ObjectNode document, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? document : document.at(FieldPaths.pointer(path.substring(0, dot)));
        return parent instanceof ObjectNode ? ((ObjectNode) parent).remove(path.substring(dot + 1)) : null;
    }

    private static void put(ObjectNode document, String path, JsonNode value) {
        ObjectNode parent = document;
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length - 1; i++) {
            JsonNode child = parent.get(names[i]);
            if (!(child instanceof ObjectNode)) {
                child = parent.putObject(names[i]);
            }
            parent = (ObjectNode) child;
        }
        parent.set(names[names.length - 1], value);
    }

}
