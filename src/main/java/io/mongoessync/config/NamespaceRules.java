package io.mongoessync.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What happens to the documents of one namespace on their way to Elasticsearch: their index,
 * routing and ingest pipeline, the fields kept, dropped and renamed, the script run on them, and
 * the field that turns an update into a delete. Built by {@link RulesParser}; a namespace without
 * its own entry for a setting takes the {@code *} entry, if any.
 */
public final class NamespaceRules implements Serializable {

    private static final long serialVersionUID = 1L;

    final Namespace namespace;
    final IndexNameTemplate index;
    final String routingField;
    final String pipeline;
    final List<String> includeFields;
    final List<String> excludeFields;
    final Map<String, String> renameFields;
    final Script script;
    final String deleteWhenField;

    NamespaceRules(Namespace namespace, IndexNameTemplate index, String routingField, String pipeline, List<String> includeFields,
            List<String> excludeFields, Map<String, String> renameFields, Script script, String deleteWhenField) {
        this.namespace = namespace;
        this.index = index;
        this.routingField = routingField;
        this.pipeline = pipeline;
        this.includeFields = includeFields;
        this.excludeFields = excludeFields;
        this.renameFields = renameFields;
        this.script = script;
        this.deleteWhenField = deleteWhenField;
    }

    /** A script hook's name (its file, for errors) and its text, shipped with the job graph. */
    public static final class Script implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String name;
        public final String source;

        public Script(String name, String source) {
            this.name = name;
            this.source = source;
        }
    }

    /** The namespace these rules are for, parsed once. */
    public Namespace namespace() {
        return namespace;
    }

    /** The index, or the wildcard pattern of the indexes when the template takes document fields. */
    public String indexPattern() {
        return index.pattern(namespace.database(), namespace.collection());
    }

    public IndexNameTemplate index() {
        return index;
    }

    /** Field whose value becomes the document's routing; null for Elasticsearch's default. */
    public String routingField() {
        return routingField;
    }

    /** Ingest pipeline for the namespace's writes; null for none. */
    public String pipeline() {
        return pipeline;
    }

    /** Fields kept (dotted paths); empty keeps every field. */
    public List<String> includeFields() {
        return Collections.unmodifiableList(includeFields);
    }

    public List<String> excludeFields() {
        return Collections.unmodifiableList(excludeFields);
    }

    /** Old path to new path. */
    public Map<String, String> renameFields() {
        return Collections.unmodifiableMap(renameFields);
    }

    /** Null when no script runs for the namespace. */
    public Script script() {
        return script;
    }

    /** A document with this field set (not null, not false) is removed from the index; null for none. */
    public String deleteWhenField() {
        return deleteWhenField;
    }

    /**
     * True when a document's place in Elasticsearch (index or routing) can change between its
     * writes, so the routing operator must remember where each document went.
     */
    public boolean placeDependsOnDocument() {
        return index.dependsOnDocument() || routingField != null || script != null;
    }

    public boolean transformsFields() {
        return !includeFields.isEmpty() || !excludeFields.isEmpty() || !renameFields.isEmpty();
    }
}
