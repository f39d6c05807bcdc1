package io.mongoessync.config;

import io.mongoessync.convert.ClusterTimes;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * Monstache's time machine: every change of the chosen namespaces is also appended to a history
 * index, {@code prefix.db.collection} with an optional date suffix from the change's time.
 */
public final class HistorySettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<Namespace> namespaces;
    private final String prefix;
    /** A date pattern, or empty for none. */
    private final String suffix;
    private final boolean directReads;
    private transient DateTimeFormatter suffixFormat;

    HistorySettings(Set<Namespace> namespaces, String prefix, String suffix, boolean directReads) {
        this.namespaces = namespaces;
        this.prefix = prefix;
        this.suffix = suffix;
        this.directReads = directReads;
    }

    static HistorySettings parse(Set<Namespace> namespaces, String prefix, String suffix, boolean directReads) {
        SyncConfig.indexName(SyncOptions.TIME_MACHINE_INDEX_PREFIX.key(), prefix);
        if (!suffix.isEmpty()) {
            try {
                DateTimeFormatter.ofPattern(suffix, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(SyncOptions.TIME_MACHINE_INDEX_SUFFIX.key(), suffix,
                        "a date pattern such as yyyy-MM-dd (" + e.getMessage() + ")");
            }
        }
        return new HistorySettings(namespaces, prefix, suffix, directReads);
    }

    /** Whether a change of this namespace (from the copy or not) goes to the history. */
    public boolean records(String namespace, boolean fromCopy) {
        if (fromCopy && !directReads) {
            return false;
        }
        for (Namespace candidate : namespaces) {
            if (candidate.matches(namespace)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the index is one of the namespace's history indexes. */
    public boolean isHistoryIndex(String namespace, String index) {
        String base = prefix + "." + namespace.toLowerCase(Locale.ROOT);
        return index.equals(base) || index.startsWith(base + ".");
    }

    /** The history index of a change: e.g. log.mydb.hotmovies or log.mydb.hotmovies.2026-11-25. */
    public String indexFor(String namespace, long clusterTime) {
        String index = prefix + "." + namespace.toLowerCase(Locale.ROOT);
        if (suffix.isEmpty()) {
            return index;
        }
        if (suffixFormat == null) {
            suffixFormat = DateTimeFormatter.ofPattern(suffix, Locale.ROOT).withZone(ZoneOffset.UTC);
        }
        return index + "." + suffixFormat.format(Instant.ofEpochSecond(ClusterTimes.seconds(clusterTime)));
    }
}
