package io.mongoessync.route;

import io.mongoessync.config.RouteSettings;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * What the routing operator partitions by: one document of one collection, or, where namespaces
 * share an index ({@link RouteSettings#sharesIndex}), one Elasticsearch document of that index, so
 * that the documents of two collections with the same {@code _id} meet in one key and only one of
 * them holds it. Namespaces that share no index keep the keys of earlier releases, and so their state
 * in savepoints.
 */
public final class DocumentKeys implements KeySelector<ChangeEvent, String> {

    private static final long serialVersionUID = 1L;
    /** Starts the key of a shared index's document; no namespace starts with it. */
    static final char SHARED = '\u0001';

    private final RouteSettings settings;

    public DocumentKeys(RouteSettings settings) {
        this.settings = settings;
    }

    @Override
    public String getKey(ChangeEvent event) {
        return settings.sharesIndex(event.namespace)
                ? SHARED + settings.indexFor(event.namespace) + '\u0000' + event.documentId
                : event.key();
    }

    static boolean shared(String key) {
        return !key.isEmpty() && key.charAt(0) == SHARED;
    }
}
