package io.mongoessync.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the per-namespace settings, all written as comma-separated {@code namespace:value} entries
 * ({@code *} for every namespace without its own entry), and resolves them into one
 * {@link NamespaceRules} per namespace.
 */
public final class RulesParser implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ANY = "*";
    private static final Pattern FIELD_PATH = Pattern.compile("[^.$\\s][^$\\s]*");
    private static final Pattern PIPELINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final IndexNameTemplate defaultIndex;
    private final Map<String, IndexNameTemplate> index;
    private final Map<String, String> routing;
    private final Map<String, String> pipeline;
    private final Map<String, List<String>> include;
    private final Map<String, List<String>> exclude;
    private final Map<String, Map<String, String>> rename;
    private final Map<String, NamespaceRules.Script> script;
    private final Map<String, String> deleteWhen;
    /** The namespaces the job reads, as configured (patterns included). */
    private final List<String> sourceNamespaces;
    private transient Map<String, NamespaceRules> resolved;
    private transient Map<String, Boolean> shared;

    RulesParser(Configuration config) {
        defaultIndex = IndexNameTemplate.parse(SyncOptions.INDEX_NAME_TEMPLATE.key(), config.get(SyncOptions.INDEX_NAME_TEMPLATE));
        sourceNamespaces = new ArrayList<>();
        for (ConfigOption<String> option : List.of(SyncOptions.DIRECT_READ_NAMESPACES, SyncOptions.CHANGE_STREAM_NAMESPACES)) {
            for (String namespace : config.get(option).split(",")) {
                if (!namespace.isBlank()) {
                    sourceNamespaces.add(namespace.trim());
                }
            }
        }
        index = single(config, SyncOptions.INDEX_MAPPING, "db.collection:index, e.g. mydb.hotmovies:hotmovies",
                value -> IndexNameTemplate.parse(SyncOptions.INDEX_MAPPING.key(), value));
        routing = single(config, SyncOptions.ROUTING_FIELD, "db.collection:field", value -> field(SyncOptions.ROUTING_FIELD, value));
        pipeline = single(config, SyncOptions.INDEX_PIPELINE, "db.collection:pipeline-name", value -> {
            if (!PIPELINE.matcher(value).matches()) {
                throw ConfigException.invalid(SyncOptions.INDEX_PIPELINE.key(), value, "an ingest pipeline name (letters, digits, '.', '_', '-')");
            }
            return value;
        });
        include = multiple(config, SyncOptions.INCLUDE_FIELDS);
        exclude = multiple(config, SyncOptions.EXCLUDE_FIELDS);
        rename = renames(config);
        script = single(config, SyncOptions.SCRIPT, "db.collection:path/to/script.js", RulesParser::script);
        deleteWhen = single(config, SyncOptions.DELETE_WHEN_FIELD, "db.collection:field", value -> field(SyncOptions.DELETE_WHEN_FIELD, value));
    }

    /** The rules for {@code db.collection}. */
    public NamespaceRules rulesFor(String namespace) {
        if (resolved == null) {
            resolved = new ConcurrentHashMap<>();
        }
        return resolved.computeIfAbsent(namespace, ns -> new NamespaceRules(Namespace.parse("namespace", ns),
                pick(index, ns, defaultIndex), pick(routing, ns, null), pick(pipeline, ns, null),
                pick(include, ns, List.of()), pick(exclude, ns, List.of()), pick(rename, ns, Map.of()),
                pick(script, ns, null), pick(deleteWhen, ns, null)));
    }

    /**
     * True when the namespace's documents go to one index that other namespaces' documents may go
     * to as well: a mapping of {@code db.*} or {@code *} whose index does not name the collection,
     * or another namespace whose index has the same name. Two documents of such namespaces with one
     * {@code _id} would be one Elasticsearch document, so the routing operator keys them by index and
     * {@code _id} instead of namespace and {@code _id}, and lets only one of them hold it. An index
     * taken from the document's fields is not looked at here.
     */
    public boolean sharesIndex(String namespace) {
        if (shared == null) {
            shared = new ConcurrentHashMap<>();
        }
        return shared.computeIfAbsent(namespace, this::findShared);
    }

    private boolean findShared(String namespace) {
        IndexNameTemplate template = pick(index, namespace, defaultIndex);
        if (template.dependsOnDocument()) {
            return false;
        }
        if (!index.containsKey(namespace) && !template.namesCollection()) {
            return true; // a db.* or * entry, or the default template, naming one index for many collections
        }
        String name = rulesFor(namespace).indexPattern();
        List<String> others = new ArrayList<>(index.keySet());
        others.addAll(sourceNamespaces);
        for (String other : others) {
            if (other.equals(namespace) || other.equals(ANY)) {
                continue;
            }
            boolean pattern = other.endsWith("." + Namespace.ALL);
            IndexNameTemplate otherTemplate = pick(index, other, defaultIndex);
            if (otherTemplate.dependsOnDocument() || pattern && otherTemplate.namesCollection()) {
                continue;
            }
            String otherName = pattern
                    ? otherTemplate.render(other.substring(0, other.indexOf('.')), "*", null).toLowerCase(java.util.Locale.ROOT)
                    : rulesFor(other).indexPattern();
            if (otherName.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Explicit index mappings, namespace to template text, as configured. */
    Map<String, String> indexMapping() {
        Map<String, String> mapping = new LinkedHashMap<>();
        index.forEach((ns, template) -> mapping.put(ns, template.toString()));
        return mapping;
    }

    private static <T> T pick(Map<String, T> values, String namespace, T fallback) {
        T value = values.get(namespace);
        if (value == null) {
            value = values.get(namespace.substring(0, Math.max(0, namespace.indexOf('.'))) + "." + Namespace.ALL);
        }
        if (value == null) {
            value = values.get(ANY);
        }
        return value != null ? value : fallback;
    }

    private static <T> Map<String, T> single(Configuration config, ConfigOption<String> option, String form, Function<String, T> parse) {
        Map<String, T> values = new LinkedHashMap<>();
        for (String[] entry : entries(config, option, form)) {
            if (values.put(entry[0], parse.apply(entry[1])) != null) {
                throw ConfigException.invalid(option.key(), entry[0] + ":" + entry[1],
                        "one entry per namespace, but " + entry[0] + " has more than one");
            }
        }
        return values;
    }

    private static Map<String, List<String>> multiple(Configuration config, ConfigOption<String> option) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String[] entry : entries(config, option, "db.collection:field, one entry per field")) {
            values.computeIfAbsent(entry[0], ns -> new ArrayList<>()).add(field(option, entry[1]));
        }
        return values;
    }

    private static Map<String, Map<String, String>> renames(Configuration config) {
        ConfigOption<String> option = SyncOptions.RENAME_FIELDS;
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (String[] entry : entries(config, option, "db.collection:old=new")) {
            int equals = entry[1].indexOf('=');
            if (equals <= 0 || equals == entry[1].length() - 1) {
                throw ConfigException.invalid(option.key(), entry[0] + ":" + entry[1], "db.collection:old=new, e.g. mydb.hotmovies:overview=summary");
            }
            values.computeIfAbsent(entry[0], ns -> new LinkedHashMap<>())
                    .put(field(option, entry[1].substring(0, equals).trim()), field(option, entry[1].substring(equals + 1).trim()));
        }
        return values;
    }

    /** Each entry split at its first colon into namespace (or {@code *}) and value. */
    private static List<String[]> entries(Configuration config, ConfigOption<String> option, String form) {
        List<String[]> entries = new ArrayList<>();
        for (String entry : SyncConfig.list(config.get(option))) {
            // The first colon: a template's date pattern may hold more.
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw ConfigException.invalid(option.key(), entry, form);
            }
            String namespace = entry.substring(0, colon).trim();
            if (!namespace.equals(ANY)) {
                namespace = Namespace.parse(option.key(), namespace).toString();
            }
            entries.add(new String[] {namespace, entry.substring(colon + 1).trim()});
        }
        return entries;
    }

    private static String field(ConfigOption<String> option, String value) {
        if (!FIELD_PATH.matcher(value).matches() || value.endsWith(".") || value.contains("..") || value.equals("_id")) {
            throw ConfigException.invalid(option.key(), value, "a field name or dotted path such as title or cast.name, other than _id");
        }
        return value;
    }

    private static NamespaceRules.Script script(String file) {
        String key = SyncOptions.SCRIPT.key();
        Path path = Path.of(file);
        String source;
        try {
            source = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ConfigException.invalid(key, file, "a readable JavaScript file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        String problem = io.mongoessync.transform.ScriptHook.check(path.getFileName().toString(), source);
        if (problem != null) {
            throw ConfigException.invalid(key, file, "a script that compiles and sets module.exports to a function (" + problem + ")");
        }
        return new NamespaceRules.Script(path.getFileName().toString(), source);
    }
}
