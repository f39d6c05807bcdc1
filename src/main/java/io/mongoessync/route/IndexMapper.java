package io.mongoessync.route;

import io.mongoessync.config.RouteSettings;

import java.util.Locale;
import java.util.Map;

/** The index of a namespace: an explicit mapping, or {@code db.collection} lower-cased as Monstache does. */
final class IndexMapper {

    private final Map<String, String> mapping;

    IndexMapper(RouteSettings settings) {
        this.mapping = settings.indexMapping();
    }

    String indexFor(String namespace) {
        String index = mapping.get(namespace);
        return index != null ? index : namespace.toLowerCase(Locale.ROOT);
    }
}
