package io.mongoessync.config;

import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Reads {@code job-params.properties} and command-line overrides into a checked {@link Configuration}. */
public final class JobParams {

    private static final Set<String> KEYS =
            SyncOptions.all().stream().map(ConfigOption::key).collect(Collectors.toCollection(TreeSet::new));

    private final Map<String, String> values = new LinkedHashMap<>();

    /** Adds every key of a properties file; later additions override earlier ones. */
    public JobParams addFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the parameters file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        for (String name : properties.stringPropertyNames()) {
            put(name, properties.getProperty(name), "in " + file);
        }
        return this;
    }

    public JobParams put(String key, String value) {
        return put(key, value, "on the command line");
    }

    private JobParams put(String key, String value, String where) {
        String name = key.trim();
        if (!KEYS.contains(name)) {
            throw new ConfigException("Unknown setting '" + name + "' " + where + "." + suggestion(name)
                    + " Known settings are listed in job-params.properties.");
        }
        values.put(name, value.trim());
        return this;
    }

    /** Sets a key unless a file or the command line already did. */
    public JobParams putIfAbsent(String key, String value) {
        if (!values.containsKey(key)) {
            put(key, value);
        }
        return this;
    }

    /** Adds every setting of another set, which wins over this one's. */
    public JobParams putAll(JobParams other) {
        values.putAll(other.values);
        return this;
    }

    public Configuration toConfiguration() {
        return Configuration.fromMap(values);
    }

    static String suggestion(String unknown) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String key : KEYS) {
            int d = distance.apply(unknown, key);
            if (d < bestDistance) {
                best = key;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, unknown.length() / 3) ? " Did you mean '" + best + "'?" : "";
    }

    /**
     * Reads a duration. Flink takes a bare number as milliseconds, but a Monstache config means
     * seconds by {@code elasticsearch-max-seconds = 5}, and for other keys a bare number is as
     * likely meant as seconds: so the one key Monstache names in seconds reads it so, and the others
     * refuse it with the unit to add.
     */
    public static Duration duration(Configuration config, ConfigOption<Duration> option, String expected) {
        String raw = config.toMap().get(option.key());
        if (raw != null && raw.trim().matches("\\d+")) {
            if (option.key().endsWith("-seconds")) {
                return Duration.ofSeconds(Long.parseLong(raw.trim()));
            }
            throw ConfigException.invalid(option.key(), raw, expected + "; a bare number has no unit here: write "
                    + raw.trim() + "s for seconds or " + raw.trim() + "ms for milliseconds");
        }
        return get(config, option, expected);
    }

    /** Reads one option, turning Flink's parse error into one that says what was expected. */
    public static <T> T get(Configuration config, ConfigOption<T> option, String expected) {
        try {
            return config.get(option);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(option.key(), config.toMap().get(option.key()), expected);
        }
    }
}
