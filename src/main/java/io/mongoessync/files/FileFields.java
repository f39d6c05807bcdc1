package io.mongoessync.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mongoessync.sink.IndexAction;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a file's text goes in its Elasticsearch document: a {@code file} object beside the
 * {@code fs.files} fields, named as ingest-attachment names its own ({@code content},
 * {@code content_type}, {@code language}, {@code content_length}).
 */
public final class FileFields {

    /** The field that holds what extraction gave; verify leaves it out of its compare. */
    public static final String FIELD = "file";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FileFields() {}

    /** The write, its document carrying the text. */
    static IndexAction withText(IndexAction action, TextExtractor.Text text) {
        ObjectNode file = JSON.createObjectNode().put("content_type", text.contentType);
        if (text.content != null) {
            file.put("content", text.content).put("content_length", text.content.length());
            if (text.language != null) {
                file.put("language", text.language);
            }
            if (text.truncated) {
                file.put("content_truncated", true);
            }
        }
        if (action.asUpdate && action.partial != null) {
            action.partial = with(action.partial, file);
        } else {
            action.source = with(action.source, file);
        }
        return action;
    }

    private static String with(String source, ObjectNode file) {
        try {
            ObjectNode document = (ObjectNode) JSON.readTree(source);
            document.set(FIELD, file);
            return document.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapping file-highlighting puts: the text with its positions and offsets, for fast highlighting. */
    public static String highlightingMapping() {
        return "{\"properties\":{\"" + FIELD + "\":{\"properties\":{\"content\":"
                + "{\"type\":\"text\",\"term_vector\":\"with_positions_offsets\"}}}}}";
    }
}
