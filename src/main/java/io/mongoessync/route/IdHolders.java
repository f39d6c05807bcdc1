package io.mongoessync.route;

import io.mongoessync.config.RouteSettings;
import io.mongoessync.source.ChangeEvent;

/**
 * Which MongoDB document may hold an Elasticsearch document, as the routing operator keeps it per
 * key: the type of its {@code _id} ("number", "string", ...), since ids of two types can print
 * alike, and where namespaces share an index ({@link DocumentKeys}), its namespace as well
 * ("number in mydb.movies"). Another document of the same key is dead-lettered, never written over it.
 */
final class IdHolders {

    private static final String IN = " in ";

    private final RouteSettings settings;

    IdHolders(RouteSettings settings) {
        this.settings = settings;
    }

    /** The holder the event's document would be; null when its id type is unknown (older state). */
    String of(ChangeEvent event) {
        if (event.idFamily == null || !settings.sharesIndex(event.namespace)) {
            return event.idFamily;
        }
        return event.idFamily + IN + event.namespace;
    }

    /** The namespace of a shared index's holder; null for another holder or none. */
    static String namespace(String holder) {
        return holder == null || !holder.contains(IN) ? null : holder.substring(holder.indexOf(IN) + IN.length());
    }

    /** Why the event's document is not written: the holder holds its Elasticsearch document. */
    String refusal(ChangeEvent event, String holder) {
        String other = namespace(holder);
        if (other == null) {
            return "its _id is a " + event.idFamily + ", and Elasticsearch _id '" + event.documentId
                    + "' already holds the document whose _id is a " + holder + " of the same text. Distinct MongoDB ids never"
                    + " share an Elasticsearch document, so this one is not written; give the collection ids of one type,"
                    + " or map its namespace to another index";
        }
        return "Elasticsearch _id '" + event.documentId + "' in index '" + settings.indexFor(event.namespace)
                + "' already holds the document of " + other
                + (other.equals(event.namespace) ? " whose _id is a " + holder.substring(0, holder.indexOf(IN)) : "")
                + " with that _id. Distinct MongoDB documents never share an Elasticsearch document, so this one is"
                + " not written; map the namespaces to different indexes, or give their documents distinct ids";
    }
}
