package io.mongoessync.config;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/** The part of the configuration the routing operator needs at run time; shipped with the job graph. */
public final class RouteSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<Namespace> directReadNamespaces;
    private final Set<Namespace> changeStreamNamespaces;
    private final String namespaceRegex;
    private final String namespaceExcludeRegex;
    private final RulesParser rules;
    private final String deadLetterIndex;
    private final long documentMaxBytes;
    private final boolean failFast;
    private final boolean droppedCollections;
    private final boolean droppedDatabases;
    private final boolean indexAsUpdate;
    private final HistorySettings history;
    private final String idField;
    private final boolean softDelete;
    private final String softDeleteField;
    private final String softDeleteTimeField;

    public RouteSettings(
            Set<Namespace> directReadNamespaces,
            Set<Namespace> changeStreamNamespaces,
            String namespaceRegex,
            String namespaceExcludeRegex,
            RulesParser rules,
            String deadLetterIndex,
            long documentMaxBytes,
            boolean failFast,
            boolean droppedCollections,
            boolean droppedDatabases,
            boolean indexAsUpdate,
            HistorySettings history,
            String idField,
            boolean softDelete,
            String softDeleteField,
            String softDeleteTimeField) {
        this.directReadNamespaces = directReadNamespaces;
        this.changeStreamNamespaces = changeStreamNamespaces;
        this.namespaceRegex = namespaceRegex;
        this.namespaceExcludeRegex = namespaceExcludeRegex;
        this.rules = rules;
        this.deadLetterIndex = deadLetterIndex;
        this.documentMaxBytes = documentMaxBytes;
        this.failFast = failFast;
        this.droppedCollections = droppedCollections;
        this.droppedDatabases = droppedDatabases;
        this.indexAsUpdate = indexAsUpdate;
        this.history = history;
        this.idField = idField;
        this.softDelete = softDelete;
        this.softDeleteField = softDeleteField;
        this.softDeleteTimeField = softDeleteTimeField;
    }

    public Set<Namespace> directReadNamespaces() {
        return directReadNamespaces;
    }

    public Set<Namespace> changeStreamNamespaces() {
        return changeStreamNamespaces;
    }

    /** Null when every namespace is included. */
    public String namespaceRegex() {
        return namespaceRegex;
    }

    /** Null when no namespace is excluded. */
    public String namespaceExcludeRegex() {
        return namespaceExcludeRegex;
    }

    /** Explicit index mappings as configured, namespace to index or template. */
    public Map<String, String> indexMapping() {
        return rules.indexMapping();
    }

    public NamespaceRules rulesFor(String namespace) {
        return rules.rulesFor(namespace);
    }

    /** See {@link RulesParser#sharesIndex}. */
    public boolean sharesIndex(String namespace) {
        return rules.sharesIndex(namespace);
    }

    /**
     * The index of a namespace: its mapping, or {@code index-name-template} ({@code db.collection}
     * lower-cased by default, as Monstache does). When the template takes document fields, a
     * wildcard pattern matching every index it gives, for searching and deleting.
     */
    public String indexFor(String namespace) {
        return rules.rulesFor(namespace).indexPattern();
    }

    public String deadLetterIndex() {
        return deadLetterIndex;
    }

    public long documentMaxBytes() {
        return documentMaxBytes;
    }

    public boolean droppedCollections() {
        return droppedCollections;
    }

    public boolean droppedDatabases() {
        return droppedDatabases;
    }

    public boolean indexAsUpdate() {
        return indexAsUpdate;
    }

    public HistorySettings history() {
        return history;
    }

    public boolean failFast() {
        return failFast;
    }

    public String idField() {
        return idField;
    }

    public boolean softDelete() {
        return softDelete;
    }

    public String softDeleteField() {
        return softDeleteField;
    }

    public String softDeleteTimeField() {
        return softDeleteTimeField;
    }
}
