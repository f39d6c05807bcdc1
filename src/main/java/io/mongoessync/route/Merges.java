package io.mongoessync.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.config.NamespaceRules;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.convert.PartialUpdates;
import io.mongoessync.source.ChangeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * index-as-update: what each write merges into the Elasticsearch document, so that after any
 * sequence of changes it holds MongoDB's fields, each field MongoDB no longer has as null (a merge
 * cannot remove a field), and whatever other writers added.
 *
 * <p>An update whose description can be merged sends only what it changed. Anything else (an insert,
 * a replace, an update through array positions or truncating an array, a document the rules
 * reshape) sends the whole document, plus a null for every field of the document last written that
 * it no longer has, and in soft-delete mode for the deleted mark, so a document inserted again is
 * live again.
 */
final class Merges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteSettings settings;

    Merges(RouteSettings settings) {
        this.settings = settings;
    }

    /** One write: what it merges, and the fields this job has in the document after it. */
    static final class Merge {
        /** The partial document, or null to merge the source as it is. */
        final String partial;
        /** The document as this job has written it so far, other writers' fields aside: the next write's {@code previous}. */
        final String written;

        Merge(String partial, String written) {
            this.partial = partial;
            this.written = written;
        }
    }

    /**
     * @param previous what this job had written to the document before ({@link Merge#written}), or null
     * @param source the document now; for an update, looked up when the change was read, so it may
     *     already hold later changes: only what the job sent may stand for what Elasticsearch has
     */
    Merge merge(ChangeEvent event, NamespaceRules rules, String previous, String source) {
        boolean reshaped = rules.transformsFields() || rules.script() != null || rules.index().dependsOnDocument();
        if (event.operation == ChangeEvent.Operation.UPDATE && !reshaped) {
            String changed = PartialUpdates.toPartialDocument(event.updateDescription);
            if (changed != null) {
                return new Merge(changed, previous == null ? source : applied(parse(previous), parse(changed)).toString());
            }
        }
        return new Merge(wholeDocument(previous, source), source);
    }

    /** The source, with nulls for what the previous write had and this one has not. */
    private String wholeDocument(String previous, String source) {
        ObjectNode document = parse(source);
        boolean added = previous != null && nullMissing(parse(previous), document);
        if (settings.softDelete()) {
            for (String mark : new String[] {settings.softDeleteField(), settings.softDeleteTimeField()}) {
                if (!document.has(mark)) {
                    document.putNull(mark);
                    added = true;
                }
            }
        }
        return added ? document.toString() : null;
    }

    /** {@code document} after Elasticsearch merged {@code partial} into it; a null removes the field. */
    private static ObjectNode applied(ObjectNode document, ObjectNode partial) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = partial.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = document.get(field.getKey());
            if (field.getValue().isNull()) {
                document.remove(field.getKey());
            } else if (current != null && current.isObject() && field.getValue().isObject()) {
                applied((ObjectNode) current, (ObjectNode) field.getValue());
            } else {
                document.set(field.getKey(), field.getValue());
            }
        }
        return document;
    }

    /** Sets to null, in {@code now}, every field of {@code before} it lacks, through nested objects. */
    private static boolean nullMissing(ObjectNode before, ObjectNode now) {
        boolean added = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = before.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = now.get(field.getKey());
            if (current == null) {
                now.putNull(field.getKey());
                added = true;
            } else if (current.isObject() && field.getValue().isObject()) {
                added |= nullMissing((ObjectNode) field.getValue(), (ObjectNode) current);
            }
        }
        return added;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
