package io.mongoessync.files;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncOptions;
import org.apache.flink.configuration.Configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The GridFS settings: which files collections are indexed with their content, and the limits of
 * extraction. Off unless {@code index-files} is true.
 */
public final class FileSettings implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String FILES = ".files";

    private final Set<Namespace> namespaces;
    private final boolean highlighting;
    private final long maxBytes;
    private final int downloaders;
    private final Duration timeout;
    private final List<String> contentTypes;
    private final int maxChars;

    private FileSettings(Set<Namespace> namespaces, boolean highlighting, long maxBytes, int downloaders, Duration timeout,
            List<String> contentTypes, int maxChars) {
        this.namespaces = namespaces;
        this.highlighting = highlighting;
        this.maxBytes = maxBytes;
        this.downloaders = downloaders;
        this.timeout = timeout;
        this.contentTypes = contentTypes;
        this.maxChars = maxChars;
    }

    /** @param synced whether the job syncs a namespace ({@code db.collection}) at all */
    public static FileSettings parse(Configuration config, java.util.function.Predicate<String> synced) {
        boolean enabled = config.get(SyncOptions.INDEX_FILES);
        Set<Namespace> namespaces = new LinkedHashSet<>();
        for (String item : config.get(SyncOptions.FILE_NAMESPACES).split(",")) {
            if (item.isBlank()) {
                continue;
            }
            Namespace namespace = Namespace.parse(SyncOptions.FILE_NAMESPACES.key(), item);
            if (namespace.isWholeDatabase() || !namespace.collection().endsWith(FILES) || namespace.collection().equals(FILES)) {
                throw ConfigException.invalid(SyncOptions.FILE_NAMESPACES.key(), item.trim(),
                        "a GridFS files collection as db.bucket.files, e.g. users.fs.files");
            }
            if (enabled && !synced.test(namespace.toString())) {
                throw new ConfigException("'" + SyncOptions.FILE_NAMESPACES.key() + "' names " + namespace + ", which the job does "
                        + "not sync: add it to '" + SyncOptions.DIRECT_READ_NAMESPACES.key() + "' or '"
                        + SyncOptions.CHANGE_STREAM_NAMESPACES.key() + "'.");
            }
            namespaces.add(namespace);
        }
        boolean highlighting = config.get(SyncOptions.FILE_HIGHLIGHTING);
        if (enabled && namespaces.isEmpty()) {
            throw new ConfigException("'" + SyncOptions.INDEX_FILES.key() + "' is true but '" + SyncOptions.FILE_NAMESPACES.key()
                    + "' is empty: name the GridFS files collections to index, e.g. users.fs.files.");
        }
        if (!enabled && (highlighting || !namespaces.isEmpty())) {
            throw new ConfigException("'" + (highlighting ? SyncOptions.FILE_HIGHLIGHTING : SyncOptions.FILE_NAMESPACES).key()
                    + "' is set but '" + SyncOptions.INDEX_FILES.key() + "' is false: set " + SyncOptions.INDEX_FILES.key()
                    + " = true to index GridFS files.");
        }
        long maxBytes = JobParams.get(config, SyncOptions.MAX_FILE_SIZE, "a size such as 32mb").getBytes();
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw ConfigException.invalid(SyncOptions.MAX_FILE_SIZE.key(), given(config, SyncOptions.MAX_FILE_SIZE.key()), "a size above 0 and below 2gb");
        }
        int downloaders = JobParams.get(config, SyncOptions.FILE_DOWNLOADERS, "a whole number from 1 to 64");
        if (downloaders < 1 || downloaders > 64) {
            throw ConfigException.invalid(SyncOptions.FILE_DOWNLOADERS.key(), downloaders, "a whole number from 1 to 64");
        }
        Duration timeout = JobParams.duration(config, SyncOptions.FILE_EXTRACTION_TIMEOUT, "a duration such as 30s");
        if (timeout.toMillis() < 1) {
            throw ConfigException.invalid(SyncOptions.FILE_EXTRACTION_TIMEOUT.key(), given(config, SyncOptions.FILE_EXTRACTION_TIMEOUT.key()),
                    "a duration of at least 1ms, such as 30s");
        }
        int maxChars = JobParams.get(config, SyncOptions.FILE_MAX_CONTENT_CHARS, "a positive whole number");
        if (maxChars < 1) {
            throw ConfigException.invalid(SyncOptions.FILE_MAX_CONTENT_CHARS.key(), maxChars, "a positive whole number");
        }
        return new FileSettings(enabled ? Collections.unmodifiableSet(namespaces) : Set.of(), highlighting, maxBytes, downloaders,
                timeout, contentTypes(config.get(SyncOptions.FILE_CONTENT_TYPES)), maxChars);
    }

    /** The value as the user wrote it. */
    private static String given(Configuration config, String key) {
        return config.toMap().get(key);
    }

    private static List<String> contentTypes(String value) {
        List<String> types = new ArrayList<>();
        for (String item : value.split(",")) {
            String type = item.trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            if (!type.matches("[a-z0-9.+-]+/[a-z0-9.+-]*\\*?") || type.indexOf('*') >= 0 && !type.endsWith("*")) {
                throw ConfigException.invalid(SyncOptions.FILE_CONTENT_TYPES.key(), item.trim(),
                        "content types such as application/pdf or application/vnd.openxmlformats-officedocument.*");
            }
            types.add(type);
        }
        return Collections.unmodifiableList(types);
    }

    public boolean enabled() {
        return !namespaces.isEmpty();
    }

    public Set<Namespace> namespaces() {
        return namespaces;
    }

    /** Whether the namespace ({@code db.collection}) holds GridFS files to index with their content. */
    public boolean isFileNamespace(String namespace) {
        return namespaces.stream().anyMatch(files -> files.toString().equals(namespace));
    }

    /** The GridFS bucket of a files namespace: {@code fs} for {@code db.fs.files}. */
    public static String bucket(Namespace files) {
        return files.collection().substring(0, files.collection().length() - FILES.length());
    }

    /**
     * A regular expression for the chunks collections of the file namespaces' buckets, which hold
     * the files' bytes in pieces and are never indexed; null when files are not indexed.
     */
    public String chunksRegex() {
        if (!enabled()) {
            return null;
        }
        List<String> chunks = new ArrayList<>();
        namespaces.forEach(files -> chunks.add("^" + Pattern.quote(files.database() + "." + bucket(files) + ".chunks") + "$"));
        return String.join("|", chunks);
    }

    /** Whether Tika's detected type (parameters such as charset already removed) is to be extracted. */
    public boolean extracts(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return contentTypes.stream().anyMatch(wanted -> wanted.endsWith("*")
                ? type.startsWith(wanted.substring(0, wanted.length() - 1)) : type.equals(wanted));
    }

    public boolean highlighting() {
        return highlighting;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int downloaders() {
        return downloaders;
    }

    public Duration timeout() {
        return timeout;
    }

    public int maxChars() {
        return maxChars;
    }
}
