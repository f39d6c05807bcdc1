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
    private final Map<String, String> indexMapping;
    private final String idField;
    private final boolean softDelete;
    private final String softDeleteField;
    private final String softDeleteTimeField;

    public RouteSettings(
            Set<Namespace> directReadNamespaces,
            Set<Namespace> changeStreamNamespaces,
            String namespaceRegex,
            String namespaceExcludeRegex,
            Map<String, String> indexMapping,
            String idField,
            boolean softDelete,
            String softDeleteField,
            String softDeleteTimeField) {
        this.directReadNamespaces = directReadNamespaces;
        this.changeStreamNamespaces = changeStreamNamespaces;
        this.namespaceRegex = namespaceRegex;
        this.namespaceExcludeRegex = namespaceExcludeRegex;
        this.indexMapping = indexMapping;
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

    public Map<String, String> indexMapping() {
        return indexMapping;
    }

    /** The index of a namespace: its explicit mapping, or {@code db.collection} lower-cased as Monstache does. */
    public String indexFor(String namespace) {
        String index = indexMapping.get(namespace);
        return index != null ? index : namespace.toLowerCase(java.util.Locale.ROOT);
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
