package io.mongoessync.config;

import io.mongoessync.files.FileSettings;
import io.mongoessync.sink.ClientSettings;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The validated settings of one job; every check that can fail before submission happens here. */
public final class SyncConfig implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]*");

    private final String mongoUrl;
    private final List<URI> elasticsearchUrls;
    private final String elasticsearchUser;
    private final String elasticsearchPassword;
    private final String elasticsearchApiKey;
    private final String elasticsearchCaPem;
    private final ClientSettings client;
    private final Set<Namespace> directReadNamespaces;
    private final Set<Namespace> changeStreamNamespaces;
    private final RouteSettings route;
    private final int splitSizeMb;
    /** Null: copy first. 0: from now. Otherwise epoch milliseconds to follow changes from. */
    private final Long streamStartMillis;
    private final boolean exitAfterDirectReads;
    private final Duration pollInterval;
    private final int bulkMaxDocs;
    private final MemorySize bulkMaxBytes;
    private final Duration bulkInterval;
    private final Duration checkpointInterval;
    private final boolean resync;
    private final Map<String, String> indexTemplates;
    private final FileSettings files;
    private final String jobName;
    /** The settings as given, secrets masked, for the web UI's job configuration. */
    private final Map<String, String> shownSettings;

    private SyncConfig(Configuration config) {
        this.mongoUrl = mongoUrl(config.get(SyncOptions.MONGO_URL));
        this.elasticsearchUrls = SettingParsers.elasticsearchUrls(list(config.get(SyncOptions.ELASTICSEARCH_URLS)));
        this.elasticsearchUser = config.get(SyncOptions.ELASTICSEARCH_USER);
        this.elasticsearchPassword = config.get(SyncOptions.ELASTICSEARCH_PASSWORD);
        if ((elasticsearchUser == null) != (elasticsearchPassword == null)) {
            throw new ConfigException("'" + SyncOptions.ELASTICSEARCH_USER.key() + "' and '"
                    + SyncOptions.ELASTICSEARCH_PASSWORD.key() + "' must be set together.");
        }
        this.elasticsearchApiKey = config.get(SyncOptions.ELASTICSEARCH_API_KEY);
        if (elasticsearchApiKey != null && elasticsearchUser != null) {
            throw new ConfigException("Set either '" + SyncOptions.ELASTICSEARCH_API_KEY.key() + "' or '"
                    + SyncOptions.ELASTICSEARCH_USER.key() + "'/'" + SyncOptions.ELASTICSEARCH_PASSWORD.key() + "', not both.");
        }
        this.elasticsearchCaPem = SettingParsers.pem(config.get(SyncOptions.ELASTICSEARCH_PEM_FILE));
        this.client = new ClientSettings(elasticsearchUrls, elasticsearchUser, elasticsearchPassword, elasticsearchApiKey,
                elasticsearchCaPem, config.get(SyncOptions.GZIP), SettingParsers.flavor(config.get(SyncOptions.ELASTICSEARCH_FLAVOR)),
                positive(SyncOptions.ELASTICSEARCH_CONCURRENT_REQUESTS.key(),
                        JobParams.get(config, SyncOptions.ELASTICSEARCH_CONCURRENT_REQUESTS, "a positive whole number")),
                JobParams.duration(config, SyncOptions.ELASTICSEARCH_RETRY_MAX_TIME, "a duration such as 60s"));
        this.directReadNamespaces = namespaces(SyncOptions.DIRECT_READ_NAMESPACES.key(), list(config.get(SyncOptions.DIRECT_READ_NAMESPACES)));
        Set<Namespace> streamed = namespaces(SyncOptions.CHANGE_STREAM_NAMESPACES.key(), list(config.get(SyncOptions.CHANGE_STREAM_NAMESPACES)));
        this.changeStreamNamespaces = streamed.isEmpty() ? directReadNamespaces : streamed;
        if (directReadNamespaces.isEmpty() && changeStreamNamespaces.isEmpty()) {
            throw new ConfigException("Nothing to sync: set '" + SyncOptions.DIRECT_READ_NAMESPACES.key()
                    + "' or '" + SyncOptions.CHANGE_STREAM_NAMESPACES.key() + "' to namespaces such as mydb.hotmovies.");
        }
        this.files = FileSettings.parse(config, namespace -> directReadNamespaces.stream().anyMatch(n -> n.matches(namespace))
                || changeStreamNamespaces.stream().anyMatch(n -> n.matches(namespace)));
        this.route = new RouteSettings(
                directReadNamespaces,
                changeStreamNamespaces,
                regex(SyncOptions.NAMESPACE_REGEX.key(), config.get(SyncOptions.NAMESPACE_REGEX)),
                excludingChunks(regex(SyncOptions.NAMESPACE_EXCLUDE_REGEX.key(), config.get(SyncOptions.NAMESPACE_EXCLUDE_REGEX)), files),
                new RulesParser(config),
                indexName(SyncOptions.DEAD_LETTER_INDEX.key(), config.get(SyncOptions.DEAD_LETTER_INDEX)),
                JobParams.get(config, SyncOptions.DOCUMENT_MAX_BYTES, "a size such as 16mb").getBytes(),
                config.get(SyncOptions.FAIL_FAST),
                config.get(SyncOptions.DROPPED_COLLECTIONS),
                config.get(SyncOptions.DROPPED_DATABASES),
                config.get(SyncOptions.INDEX_AS_UPDATE),
                HistorySettings.parse(namespaces(SyncOptions.TIME_MACHINE_NAMESPACES.key(), list(config.get(SyncOptions.TIME_MACHINE_NAMESPACES))),
                        config.get(SyncOptions.TIME_MACHINE_INDEX_PREFIX), config.get(SyncOptions.TIME_MACHINE_INDEX_SUFFIX).trim(),
                        config.get(SyncOptions.TIME_MACHINE_DIRECT_READS)),
                fieldName(SyncOptions.ID_FIELD.key(), config.get(SyncOptions.ID_FIELD)),
                config.get(SyncOptions.SOFT_DELETE),
                fieldName(SyncOptions.SOFT_DELETE_FIELD.key(), config.get(SyncOptions.SOFT_DELETE_FIELD)),
                fieldName(SyncOptions.SOFT_DELETE_TIME_FIELD.key(), config.get(SyncOptions.SOFT_DELETE_TIME_FIELD)));
        this.streamStartMillis = SettingParsers.streamStart(config.get(SyncOptions.CHANGE_STREAM_START_AT), directReadNamespaces.isEmpty());
        this.exitAfterDirectReads = config.get(SyncOptions.EXIT_AFTER_DIRECT_READS);
        this.pollInterval = JobParams.duration(config, SyncOptions.CHANGE_STREAM_POLL_INTERVAL, "a duration such as 100ms");
        if (pollInterval.toMillis() < 1 || pollInterval.toMillis() > Integer.MAX_VALUE) {
            throw ConfigException.invalid(SyncOptions.CHANGE_STREAM_POLL_INTERVAL.key(), pollInterval, "between 1ms and 24 days");
        }
        if (exitAfterDirectReads && (directReadNamespaces.isEmpty() || streamStartMillis != null)) {
            throw new ConfigException("'" + SyncOptions.EXIT_AFTER_DIRECT_READS.key() + "' copies the direct-read "
                    + "namespaces and stops: it needs '" + SyncOptions.DIRECT_READ_NAMESPACES.key() + "' and no '"
                    + SyncOptions.CHANGE_STREAM_START_AT.key() + "'.");
        }
        this.splitSizeMb = positive(SyncOptions.DIRECT_READ_SPLIT_SIZE_MB.key(),
                JobParams.get(config, SyncOptions.DIRECT_READ_SPLIT_SIZE_MB, "a positive whole number of megabytes"));
        this.bulkMaxDocs = positive(SyncOptions.ELASTICSEARCH_MAX_DOCS.key(),
                JobParams.get(config, SyncOptions.ELASTICSEARCH_MAX_DOCS, "a positive whole number"));
        this.bulkMaxBytes = JobParams.get(config, SyncOptions.ELASTICSEARCH_MAX_BYTES, "a size such as 5mb");
        this.bulkInterval = JobParams.duration(config, SyncOptions.ELASTICSEARCH_MAX_SECONDS, "a duration such as 1s or 500ms");
        this.checkpointInterval = JobParams.duration(config, SyncOptions.CHECKPOINT_INTERVAL, "a duration such as 10s");
        if (checkpointInterval.toMillis() < 10) {
            throw ConfigException.invalid(SyncOptions.CHECKPOINT_INTERVAL.key(), checkpointInterval, "at least 10ms");
        }
        this.jobName = config.get(SyncOptions.JOB_NAME);
        this.shownSettings = Collections.unmodifiableMap(Redaction.settings(config.toMap()));
        this.resync = config.get(SyncOptions.RESYNC);
        this.indexTemplates = SettingParsers.indexTemplates(list(config.get(SyncOptions.INDEX_TEMPLATES)));
    }

    public static SyncConfig from(Configuration config) {
        try {
            return new SyncConfig(config);
        } catch (IllegalArgumentException e) {
            // Flink's own parse errors already name the key and the value.
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** A comma-separated list, blanks dropped. */
    static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    private static String mongoUrl(String url) {
        if (!url.startsWith("mongodb://") && !url.startsWith("mongodb+srv://")) {
            throw ConfigException.invalid(SyncOptions.MONGO_URL.key(), Redaction.url(url), "a connection string starting with mongodb:// or mongodb+srv://");
        }
        return url;
    }

    private static Set<Namespace> namespaces(String key, List<String> values) {
        Set<Namespace> namespaces = new LinkedHashSet<>();
        for (String value : values) {
            if (!value.isBlank()) {
                namespaces.add(Namespace.parse(key, value));
            }
        }
        return Collections.unmodifiableSet(namespaces);
    }

    private static String regex(String key, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw ConfigException.invalid(key, value, "a Java regular expression (" + e.getDescription()
                    + " near index " + e.getIndex() + ")");
        }
        return value;
    }

    /** The user's exclusions, and the file namespaces' chunks collections: their bytes are never documents. */
    private static String excludingChunks(String exclude, FileSettings files) {
        String chunks = files.chunksRegex();
        return chunks == null ? exclude : exclude == null ? chunks : "(?:" + exclude + ")|" + chunks;
    }

    /** Elasticsearch's own rules for index names, checked before anything is written. */
    public static String indexName(String key, String index) {
        if (!INDEX_NAME.matcher(index).matches() || index.equals(".") || index.equals("..")
                || index.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw ConfigException.invalid(key, index, "an Elasticsearch index name: lower case letters, digits, "
                    + "'.', '_', '-' or '+', not starting with '_', '-' or '+', at most 255 bytes");
        }
        return index;
    }

    private static String fieldName(String key, String value) {
        if (value == null || value.isBlank() || value.contains(".") || value.equals("_id")) {
            throw ConfigException.invalid(key, value, "a top-level field name without dots, other than _id");
        }
        return value;
    }

    private static int positive(String key, int value) {
        if (value <= 0) {
            throw ConfigException.invalid(key, value, "a positive whole number");
        }
        return value;
    }

    public String mongoUrl() {
        return mongoUrl;
    }

    public List<URI> elasticsearchUrls() {
        return elasticsearchUrls;
    }

    public String elasticsearchUser() {
        return elasticsearchUser;
    }

    public String elasticsearchPassword() {
        return elasticsearchPassword;
    }

    public String elasticsearchApiKey() {
        return elasticsearchApiKey;
    }

    /** PEM text of the CA to trust, or null for the JVM's default trust. */
    public String elasticsearchCaPem() {
        return elasticsearchCaPem;
    }

    /** How the sink connects; its flavor is null when it is to be detected at start-up. */
    public ClientSettings client() {
        return client;
    }

    public Set<Namespace> directReadNamespaces() {
        return directReadNamespaces;
    }

    public Set<Namespace> changeStreamNamespaces() {
        return changeStreamNamespaces;
    }

    /** Every namespace the source has to read: copied, followed, or both. */
    public Set<Namespace> sourceNamespaces() {
        Set<Namespace> all = new LinkedHashSet<>(directReadNamespaces);
        all.addAll(changeStreamNamespaces);
        return all;
    }

    public RouteSettings route() {
        return route;
    }

    /** Null when the job copies first; 0 to follow from now; else epoch milliseconds. */
    public Long streamStartMillis() {
        return streamStartMillis;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public boolean exitAfterDirectReads() {
        return exitAfterDirectReads;
    }

    public int splitSizeMb() {
        return splitSizeMb;
    }

    public int bulkMaxDocs() {
        return bulkMaxDocs;
    }

    public MemorySize bulkMaxBytes() {
        return bulkMaxBytes;
    }

    public Duration bulkInterval() {
        return bulkInterval;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public boolean resync() {
        return resync;
    }

    /** Index templates to put before the job starts: name to body. */
    public Map<String, String> indexTemplates() {
        return indexTemplates;
    }

    /** GridFS files indexed with their content (index-files). */
    public FileSettings files() {
        return files;
    }

    /** Every setting given, with passwords and keys masked: safe for the web UI and logs. */
    public Map<String, String> shownSettings() {
        return shownSettings;
    }

    public String jobName() {
        return jobName;
    }
}
