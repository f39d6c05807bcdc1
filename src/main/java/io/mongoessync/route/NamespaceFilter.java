package io.mongoessync.route;

import io.mongoessync.config.Namespace;
import io.mongoessync.config.RouteSettings;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which events are synced: the namespace regexes apply to everything; snapshot copies only for
 * direct-read namespaces, changes only for change-stream namespaces.
 */
final class NamespaceFilter {

    private final Pattern include;
    private final Pattern exclude;
    private final Set<Namespace> directRead;
    private final Set<Namespace> changeStream;

    NamespaceFilter(RouteSettings settings) {
        this.include = settings.namespaceRegex() == null ? null : Pattern.compile(settings.namespaceRegex());
        this.exclude = settings.namespaceExcludeRegex() == null ? null : Pattern.compile(settings.namespaceExcludeRegex());
        this.directRead = settings.directReadNamespaces();
        this.changeStream = settings.changeStreamNamespaces();
    }

    private static boolean anyMatches(Set<Namespace> namespaces, String namespace) {
        for (Namespace candidate : namespaces) {
            if (candidate.matches(namespace)) {
                return true;
            }
        }
        return false;
    }

    boolean accepts(String namespace, boolean snapshot) {
        if (include != null && !include.matcher(namespace).find()) {
            return false;
        }
        if (exclude != null && exclude.matcher(namespace).find()) {
            return false;
        }
        return anyMatches(snapshot ? directRead : changeStream, namespace);
    }
}
