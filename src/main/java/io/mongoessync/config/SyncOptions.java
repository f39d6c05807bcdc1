package io.mongoessync.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every setting of the job, declared once. Lists are comma separated, as in Monstache's
 * documentation, so they are plain strings here and split by {@link SyncConfig}. Keys follow Monstache's names where Monstache has the
 * setting, so a {@code config.toml} translates line by line. {@code job-params.properties} at the
 * repository root documents each one with its default.
 */
public final class SyncOptions {

    public static final ConfigOption<String> MONGO_URL =
            ConfigOptions.key("mongo-url")
                    .stringType()
                    .defaultValue("mongodb://127.0.0.1:27017")
                    .withDescription("MongoDB connection string (mongodb:// or mongodb+srv://). "
                            + "Credentials, TLS and other driver options go here too.");

    public static final ConfigOption<String> ELASTICSEARCH_URLS =
            ConfigOptions.key("elasticsearch-urls")
                    .stringType()
                    .defaultValue("http://127.0.0.1:9200")
                    .withDescription("Elasticsearch nodes, comma separated, as http(s)://host:port.");

    public static final ConfigOption<String> ELASTICSEARCH_USER =
            ConfigOptions.key("elasticsearch-user")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("User for basic authentication with Elasticsearch.");

    public static final ConfigOption<String> ELASTICSEARCH_PASSWORD =
            ConfigOptions.key("elasticsearch-password")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Password for basic authentication with Elasticsearch.");

    public static final ConfigOption<String> ELASTICSEARCH_API_KEY =
            ConfigOptions.key("elasticsearch-api-key")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("API key for Elasticsearch, as id:key or already base64-encoded; instead of "
                            + "user and password.");

    public static final ConfigOption<String> ELASTICSEARCH_PEM_FILE =
            ConfigOptions.key("elasticsearch-pem-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("PEM file with the CA certificate(s) to trust for https:// Elasticsearch URLs, "
                            + "instead of the JVM's default trust store. Host names are verified.");

    public static final ConfigOption<String> ELASTICSEARCH_FLAVOR =
            ConfigOptions.key("elasticsearch-flavor")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription("auto, elasticsearch7, elasticsearch8 or opensearch: what answers at the URLs. "
                            + "auto asks the server at start-up.");

    public static final ConfigOption<Boolean> GZIP =
            ConfigOptions.key("gzip")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Compress bulk requests with gzip: less network, a little more CPU on both sides.");

    public static final ConfigOption<Integer> ELASTICSEARCH_CONCURRENT_REQUESTS =
            ConfigOptions.key("elasticsearch-concurrent-requests")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Each bulk is sent as this many parallel requests per sink subtask (a "
                            + "document's actions stay in one of them, in order). Two let Elasticsearch index "
                            + "on two write threads while one bulk is in flight.");

    public static final ConfigOption<Duration> ELASTICSEARCH_RETRY_MAX_TIME =
            ConfigOptions.key("elasticsearch-retry-max-time")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("How long a bulk is retried, with exponential backoff, while Elasticsearch "
                            + "answers 429 or 5xx or cannot be reached. After that the job restarts from its "
                            + "last checkpoint and tries again.");

    public static final ConfigOption<String> DIRECT_READ_NAMESPACES =
            ConfigOptions.key("direct-read-namespaces")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Collections to copy before streaming, as db.collection, comma separated.");

    public static final ConfigOption<String> CHANGE_STREAM_NAMESPACES =
            ConfigOptions.key("change-stream-namespaces")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Collections whose changes are followed, as db.collection. "
                            + "Empty means the direct-read namespaces.");

    public static final ConfigOption<String> CHANGE_STREAM_START_AT =
            ConfigOptions.key("change-stream-start-at")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Stream only, without a copy: 'now', or a time as ISO-8601 "
                            + "(2026-11-25T10:00:00Z) or epoch seconds, to follow changes from. Empty: copy the "
                            + "direct-read namespaces, then follow from the copy's start (from now when there are none).");

    public static final ConfigOption<Duration> CHANGE_STREAM_POLL_INTERVAL =
            ConfigOptions.key("change-stream-poll-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(100))
                    .withDescription("When the change stream has nothing new, the source waits this long before "
                            + "asking again (the connector's poll.await.time.ms, 1 s by default there): it bounds the "
                            + "delay a change waits in MongoDB before the job sees it.");

    public static final ConfigOption<Boolean> EXIT_AFTER_DIRECT_READS =
            ConfigOptions.key("exit-after-direct-reads")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Copy the direct-read namespaces, then finish the job instead of following "
                            + "changes, as Monstache's option of the same name.");

    public static final ConfigOption<Integer> DIRECT_READ_SPLIT_SIZE_MB =
            ConfigOptions.key("direct-read-split-size-mb")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Only for a job restored from a savepoint taken during the copy by a release "
                            + "before 2026-12, which finishes that copy with Flink CDC: its chunk size. The copy "
                            + "itself reads each collection in one pass along the _id index, as raw BSON.");

    public static final ConfigOption<String> NAMESPACE_REGEX =
            ConfigOptions.key("namespace-regex")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Only namespaces (db.collection) matching this Java regex are synced.");

    public static final ConfigOption<String> NAMESPACE_EXCLUDE_REGEX =
            ConfigOptions.key("namespace-exclude-regex")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Namespaces matching this Java regex are never synced.");

    public static final ConfigOption<String> INDEX_MAPPING =
            ConfigOptions.key("index-mapping")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Namespace to index, as db.collection:index, comma separated. The index "
                            + "may be a template, as in index-name-template. Unmapped namespaces follow "
                            + "index-name-template.");

    public static final ConfigOption<String> INDEX_NAME_TEMPLATE =
            ConfigOptions.key("index-name-template")
                    .stringType()
                    .defaultValue("{db}.{collection}")
                    .withDescription("Index of namespaces without an index-mapping entry. Placeholders: {db}, "
                            + "{collection}, a document field {field}, or a date field {release_date:yyyy}. "
                            + "The result is lower-cased.");

    public static final ConfigOption<String> ROUTING_FIELD =
            ConfigOptions.key("routing-field")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:field pairs: the field's value becomes the document's routing.");

    public static final ConfigOption<String> INDEX_PIPELINE =
            ConfigOptions.key("index-pipeline")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:pipeline pairs: writes of the namespace go through this ingest pipeline.");

    public static final ConfigOption<String> INDEX_TEMPLATES =
            ConfigOptions.key("index-templates")
                    .stringType()
                    .defaultValue("")
                    .withDescription("JSON files, comma separated, each a composable index template body "
                            + "(index_patterns, template.settings, template.mappings); each is put as "
                            + "_index_template/<file name without .json> before the job starts.");

    public static final ConfigOption<String> INCLUDE_FIELDS =
            ConfigOptions.key("include-fields")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:field entries, one per field (dotted paths allowed): only "
                            + "these fields are indexed for the namespace.");

    public static final ConfigOption<String> EXCLUDE_FIELDS =
            ConfigOptions.key("exclude-fields")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:field entries, one per field: these fields are never indexed.");

    public static final ConfigOption<String> RENAME_FIELDS =
            ConfigOptions.key("rename-fields")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:old=new entries: the field is indexed under the new name.");

    public static final ConfigOption<String> SCRIPT =
            ConfigOptions.key("script")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:file.js pairs ('*' for every namespace): a JavaScript "
                            + "module.exports = function(doc, ns, op) run on each document, as Monstache's "
                            + "middleware. Return the document, true to keep it, false or null to drop it; set "
                            + "doc._meta_monstache = {index, routing, pipeline, delete} to redirect it.");

    public static final ConfigOption<String> DELETE_WHEN_FIELD =
            ConfigOptions.key("delete-when-field")
                    .stringType()
                    .defaultValue("")
                    .withDescription("db.collection:field pairs: a document whose field is set (not null, not "
                            + "false) is removed from the index instead of indexed: filter, then delete.");

    public static final ConfigOption<String> ID_FIELD =
            ConfigOptions.key("id-field")
                    .stringType()
                    .defaultValue("mongo_id")
                    .withDescription("Source field that keeps the original MongoDB _id, which Elasticsearch "
                            + "does not allow inside the source.");

    public static final ConfigOption<Boolean> SOFT_DELETE =
            ConfigOptions.key("soft-delete")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Keep deleted documents and mark them deleted instead of removing them.");

    public static final ConfigOption<String> SOFT_DELETE_FIELD =
            ConfigOptions.key("soft-delete-field")
                    .stringType()
                    .defaultValue("__deleted")
                    .withDescription("Boolean field set to true on a soft-deleted document.");

    public static final ConfigOption<String> SOFT_DELETE_TIME_FIELD =
            ConfigOptions.key("soft-delete-time-field")
                    .stringType()
                    .defaultValue("__deleted_at")
                    .withDescription("Field holding the time of the delete (ISO-8601) on a soft-deleted document.");

    public static final ConfigOption<Integer> ELASTICSEARCH_MAX_DOCS =
            ConfigOptions.key("elasticsearch-max-docs")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription("A bulk request is sent once it holds this many actions.");

    public static final ConfigOption<MemorySize> ELASTICSEARCH_MAX_BYTES =
            ConfigOptions.key("elasticsearch-max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("5mb"))
                    .withDescription("A bulk request is sent once it is this large (e.g. 5mb).");

    public static final ConfigOption<Duration> ELASTICSEARCH_MAX_SECONDS =
            ConfigOptions.key("elasticsearch-max-seconds")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription("A non-empty bulk request is sent at least this often (e.g. 1s, 200ms). A bare "
                            + "number is seconds, as in Monstache.");

    public static final ConfigOption<Boolean> DROPPED_COLLECTIONS =
            ConfigOptions.key("dropped-collections")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("A dropped (or renamed-away) collection's documents are deleted from Elasticsearch.");

    public static final ConfigOption<Boolean> DROPPED_DATABASES =
            ConfigOptions.key("dropped-databases")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("A dropped database's documents are deleted from Elasticsearch.");

    public static final ConfigOption<Boolean> INDEX_AS_UPDATE =
            ConfigOptions.key("index-as-update")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Write with update requests (doc_as_upsert) instead of index requests, so "
                            + "fields that other writers add to the documents stay. Updates send only what "
                            + "changed. Elasticsearch allows no external versions on updates: see README.");

    public static final ConfigOption<String> TIME_MACHINE_NAMESPACES =
            ConfigOptions.key("time-machine-namespaces")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Namespaces whose every change is also appended to a history index, "
                            + "with operation, cluster time and document (Monstache's time machine).");

    public static final ConfigOption<String> TIME_MACHINE_INDEX_PREFIX =
            ConfigOptions.key("time-machine-index-prefix")
                    .stringType()
                    .defaultValue("log")
                    .withDescription("History indexes are named prefix.db.collection.");

    public static final ConfigOption<String> TIME_MACHINE_INDEX_SUFFIX =
            ConfigOptions.key("time-machine-index-suffix")
                    .stringType()
                    .defaultValue("")
                    .withDescription("A date pattern (e.g. yyyy-MM-dd) appended to history index names, from "
                            + "the change's time: one index per day. Empty: one index per namespace.");

    public static final ConfigOption<Boolean> TIME_MACHINE_DIRECT_READS =
            ConfigOptions.key("time-machine-direct-reads")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Also record the copy's documents in the history.");

    public static final ConfigOption<Boolean> INDEX_FILES =
            ConfigOptions.key("index-files")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Index the GridFS files of file-namespaces: each file's metadata, with the text "
                            + "and language Apache Tika extracts from its bytes in file.content and file.language. "
                            + "No Elasticsearch plugin is needed.");

    public static final ConfigOption<String> FILE_NAMESPACES =
            ConfigOptions.key("file-namespaces")
                    .stringType()
                    .defaultValue("")
                    .withDescription("GridFS files collections (db.bucket.files, comma separated) whose files are "
                            + "indexed with their content; each must be synced as well. Their buckets' chunks "
                            + "collections are never indexed.");

    public static final ConfigOption<Boolean> FILE_HIGHLIGHTING =
            ConfigOptions.key("file-highlighting")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Map file.content with term_vector with_positions_offsets, so that highlighting "
                            + "a match in a file is fast: put on each file namespace's index at start-up, which is "
                            + "created with it if missing (index templates still apply).");

    public static final ConfigOption<MemorySize> MAX_FILE_SIZE =
            ConfigOptions.key("max-file-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("32mb"))
                    .withDescription("A larger file is indexed with its metadata only and recorded in the "
                            + "dead-letter index. Each extraction holds its file in memory.");

    public static final ConfigOption<Integer> FILE_DOWNLOADERS =
            ConfigOptions.key("file-downloaders")
                    .intType()
                    .defaultValue(2)
                    .withDescription("Files read and extracted at once, per parallel subtask.");

    public static final ConfigOption<Duration> FILE_EXTRACTION_TIMEOUT =
            ConfigOptions.key("file-extraction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("A file whose text takes longer to extract is indexed with its metadata only "
                            + "and recorded in the dead-letter index.");

    public static final ConfigOption<String> FILE_CONTENT_TYPES =
            ConfigOptions.key("file-content-types")
                    .stringType()
                    .defaultValue("application/pdf,application/vnd.openxmlformats-officedocument.*,application/msword,"
                            + "application/vnd.ms-excel,application/vnd.ms-powerpoint,application/rtf,text/html,"
                            + "application/xhtml+xml,text/plain")
                    .withDescription("Content types whose text is extracted, as Tika detects them from the bytes "
                            + "(a trailing * matches any ending); other files are indexed with their metadata only.");

    public static final ConfigOption<Integer> FILE_MAX_CONTENT_CHARS =
            ConfigOptions.key("file-max-content-chars")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription("Characters of text kept per file, as ingest-attachment's indexed_chars; the "
                            + "rest is left out and file.content_truncated is true.");

    public static final ConfigOption<String> DEAD_LETTER_INDEX =
            ConfigOptions.key("dead-letter-index")
                    .stringType()
                    .defaultValue("mongo-es-sync-dead-letters")
                    .withDescription("Documents that cannot be written (Elasticsearch refuses them, a script "
                            + "fails, too large) are recorded here with namespace, _id, error and time.");

    public static final ConfigOption<Boolean> FAIL_FAST =
            ConfigOptions.key("fail-fast")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("true: a document that cannot be written fails the job for good instead "
                            + "of going to the dead-letter index.");

    public static final ConfigOption<MemorySize> DOCUMENT_MAX_BYTES =
            ConfigOptions.key("document-max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("16mb"))
                    .withDescription("A converted document larger than this goes to the dead-letter index "
                            + "(without its source) instead of a bulk request Elasticsearch would refuse whole.");

    public static final ConfigOption<Boolean> RESYNC =
            ConfigOptions.key("resync")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Delete the indexes of the direct-read namespaces before the job starts, so the "
                            + "copy rebuilds them with no stale document: the way back after ChangeStreamHistoryLost. "
                            + "Refused together with a savepoint.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(2))
                    .withDescription("How often Flink checkpoints; every checkpoint also flushes the bulk requests. A "
                            + "restart resumes the copy and the stream from the last one, so a longer interval means more to "
                            + "read again after a failure.");

    public static final ConfigOption<String> JOB_NAME =
            ConfigOptions.key("job-name")
                    .stringType()
                    .defaultValue("mongo-es-sync")
                    .withDescription("Name of the Flink job as shown in the web UI.");

    private SyncOptions() {}

    /** All options, in declaration order, found by reflection so none can be forgotten. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> options = new ArrayList<>();
        for (Field field : SyncOptions.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                try {
                    options.add((ConfigOption<?>) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Collections.unmodifiableList(options);
    }
}
