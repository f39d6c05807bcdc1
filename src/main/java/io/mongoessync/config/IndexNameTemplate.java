package io.mongoessync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoessync.convert.FieldPaths;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An index name with placeholders: {@code {db}}, {@code {collection}}, a document field
 * {@code {field}} or a date field formatted {@code {release_date:yyyy}}. A template without field
 * placeholders names one index per namespace; one with them spreads a namespace over several
 * indexes, which the routing operator then has to remember per document.
 */
public final class IndexNameTemplate implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String text;
    /** Literal text and placeholders, alternating: even positions literal, odd positions placeholders. */
    private final List<String> parts;
    private final boolean dependsOnDocument;

    private IndexNameTemplate(String text, List<String> parts) {
        this.text = text;
        this.parts = parts;
        boolean fields = false;
        for (int i = 1; i < parts.size(); i += 2) {
            fields |= !parts.get(i).equals("db") && !parts.get(i).equals("collection");
        }
        this.dependsOnDocument = fields;
    }

    /** Parses and checks a template; {@code key} names the setting in errors. */
    public static IndexNameTemplate parse(String key, String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '}') {
                throw ConfigException.invalid(key, text, "an index name or template; '}' at " + i + " closes nothing");
            }
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i);
            if (end < 0) {
                throw ConfigException.invalid(key, text, "an index name or template; '{' at " + i + " is never closed");
            }
            String placeholder = text.substring(i + 1, end).trim();
            checkPlaceholder(key, text, placeholder);
            parts.add(literal.toString());
            parts.add(placeholder);
            literal.setLength(0);
            i = end + 1;
        }
        parts.add(literal.toString());
        IndexNameTemplate template = new IndexNameTemplate(text, parts);
        // The literal parts must make a valid name whatever the placeholders give.
        SyncConfig.indexName(key, template.render("db", "collection", null, "x"));
        return template;
    }

    private static void checkPlaceholder(String key, String text, String placeholder) {
        int colon = placeholder.indexOf(':');
        String field = colon < 0 ? placeholder : placeholder.substring(0, colon);
        if (field.isEmpty()) {
            throw ConfigException.invalid(key, text, "placeholders {db}, {collection}, {field} or {field:date pattern}");
        }
        if (colon >= 0) {
            try {
                DateTimeFormatter.ofPattern(placeholder.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(key, text, "a date pattern such as yyyy or yyyy.MM after '" + field
                        + ":' (" + e.getMessage() + ")");
            }
        }
    }

    /** The template for unmapped namespaces, as Monstache names them. */
    public static IndexNameTemplate defaultTemplate() {
        return parse("index-name-template", "{db}.{collection}");
    }

    /** True when it takes {@code {collection}}: then no two collections share the index it names. */
    public boolean namesCollection() {
        for (int i = 1; i < parts.size(); i += 2) {
            if (parts.get(i).equals("collection")) {
                return true;
            }
        }
        return false;
    }

    public boolean dependsOnDocument() {
        return dependsOnDocument;
    }

    /** The index for a document of {@code db.collection}; throws {@link IllegalArgumentException} naming the field. */
    public String render(String db, String collection, JsonNode document) {
        return render(db, collection, document, null);
    }

    /** A wildcard pattern matching every index the template can give, for searches and deletes. */
    public String pattern(String db, String collection) {
        return render(db, collection, null, "*");
    }

    /** Literal parts as written (checked to be lower case); what placeholders give is lower-cased. */
    private String render(String db, String collection, JsonNode document, String fill) {
        StringBuilder name = new StringBuilder(parts.get(0));
        for (int i = 1; i < parts.size(); i += 2) {
            String placeholder = parts.get(i);
            String value;
            if (placeholder.equals("db")) {
                value = db;
            } else if (placeholder.equals("collection")) {
                value = collection;
            } else if (fill != null) {
                value = fill;
            } else {
                value = fieldValue(placeholder, document);
            }
            name.append(value.toLowerCase(Locale.ROOT)).append(parts.get(i + 1));
        }
        return name.toString();
    }

    private String fieldValue(String placeholder, JsonNode document) {
        int colon = placeholder.indexOf(':');
        String field = colon < 0 ? placeholder : placeholder.substring(0, colon);
        JsonNode value = document == null ? null : document.at(FieldPaths.pointer(field));
        if (value == null || value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            throw new IllegalArgumentException("index template '" + text + "' needs field '" + field
                    + "', which the document " + (value == null || value.isMissingNode() ? "lacks" : "holds as " + value.getNodeType()));
        }
        if (colon < 0) {
            return value.asText();
        }
        DateTimeFormatter format = DateTimeFormatter.ofPattern(placeholder.substring(colon + 1), Locale.ROOT);
        String date = value.asText();
        try {
            return date.length() > 10 ? OffsetDateTime.parse(date).format(format) : LocalDate.parse(date).format(format);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("index template '" + text + "' needs a date in field '" + field
                    + "', such as 2020-01-31 or 2020-01-31T10:00:00Z, but it holds '" + date + "'");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
