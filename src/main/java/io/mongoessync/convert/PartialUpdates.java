package io.mongoessync.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.BsonDocument;
import org.bson.BsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * An update's {@code updateDescription} as the partial document of an Elasticsearch update: each
 * updated dotted path becomes nested objects (Elasticsearch merges objects field by field), and
 * each removed field becomes null, since a partial document cannot remove a field. Paths through
 * array positions ({@code cast.0.name}) cannot be merged this way, nor arrays MongoDB shortened in
 * place ({@code truncatedArrays}): then there is no partial document, and the caller sends the
 * whole document.
 */
public final class PartialUpdates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PartialUpdates() {}

    /** @return the partial document as JSON, or null when the update cannot be expressed as one */
    public static String toPartialDocument(String updateDescription) {
        if (updateDescription == null) {
            return null;
        }
        BsonDocument description = BsonDocument.parse(updateDescription);
        BsonValue truncated = description.get("truncatedArrays");
        if (truncated != null && truncated.isArray() && !truncated.asArray().isEmpty()) {
            // A merge replaces an array only when it names it; a shortened one would keep its old tail.
            return null;
        }
        ObjectNode partial = JSON.createObjectNode();
        BsonValue updated = description.get("updatedFields");
        if (updated != null && updated.isDocument()) {
            for (Map.Entry<String, BsonValue> field : updated.asDocument().entrySet()) {
                if (!put(partial, field.getKey(), read(BsonJsonWriter.toJson(field.getValue())))) {
                    return null;
                }
            }
        }
        BsonValue removed = description.get("removedFields");
        if (removed != null && removed.isArray()) {
            for (BsonValue path : removed.asArray()) {
                if (!put(partial, path.asString().getValue(), JSON.nullNode())) {
                    return null;
                }
            }
        }
        return partial.size() == 0 ? null : partial.toString();
    }

    private static boolean put(ObjectNode root, String path, JsonNode value) {
        String[] names = path.split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < names.length; i++) {
            if (names[i].isEmpty() || names[i].chars().allMatch(Character::isDigit) || names[i].equals("_id")) {
                return false;
            }
            if (i == names.length - 1) {
                parent.set(names[i], value);
            } else {
                JsonNode child = parent.get(names[i]);
                if (child != null && !child.isObject()) {
                    return false;
                }
                parent = child == null ? parent.putObject(names[i]) : (ObjectNode) child;
            }
        }
        return true;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
