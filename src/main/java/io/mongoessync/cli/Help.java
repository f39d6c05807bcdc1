package io.mongoessync.cli;

import io.mongoessync.config.SyncOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --help}: every setting with its description and default, grouped as
 * {@code job-params.properties} groups them (the jar carries that file).
 */
final class Help {

    private static final Pattern HEADING = Pattern.compile("^# --- (.+?) -+$");
    private static final Pattern KEY = Pattern.compile("^#?([a-z0-9-]+) =");
    private static final String OTHER = "Other";

    private Help() {}

    static void print(PrintStream out) {
        out.println("Usage: mongo-es-sync [verify [--repair] | rebuild] [--demo] [--params FILE] [--KEY VALUE ...]\n");
        out.println("  verify         compare MongoDB with Elasticsearch document by document; exit 1 on drift");
        out.println("  --repair       with verify: write what is missing or stale, delete what is extra, while the job runs");
        out.println("  rebuild        copy each collection into a new index behind its alias and swap it in, while the job runs");
        out.println("  --demo         run locally against an embedded MongoDB stand-in and Elasticsearch");
        out.println("                 (local runs and the demo: " + JobLauncher.LOCAL_RUNNER + " ...)");
        out.println("  --params FILE  settings file (default: ./job-params.properties if present)");
        Map<String, String> groupOf = groups();
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        new LinkedHashMap<>(groupOf).values().forEach(group -> sections.computeIfAbsent(group, g -> new StringBuilder()));
        List<ConfigOption<?>> options = SyncOptions.all();
        for (String key : groupOf.keySet()) {
            options.stream().filter(option -> option.key().equals(key)).findFirst()
                    .ifPresent(option -> sections.get(groupOf.get(key)).append(entry(option)));
        }
        for (ConfigOption<?> option : options) {
            if (!groupOf.containsKey(option.key())) {
                sections.computeIfAbsent(OTHER, g -> new StringBuilder()).append(entry(option));
            }
        }
        sections.forEach((group, entries) -> {
            out.println();
            out.println(group + ":");
            out.print(entries);
        });
    }

    /** Key to group, in the file's order. */
    static Map<String, String> groups() {
        Map<String, String> groups = new LinkedHashMap<>();
        InputStream file = Help.class.getResourceAsStream("/job-params.properties");
        if (file == null) {
            return groups;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8))) {
            String group = OTHER;
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher heading = HEADING.matcher(line);
                Matcher key = KEY.matcher(line);
                if (heading.matches()) {
                    group = heading.group(1);
                } else if (key.find()) {
                    groups.putIfAbsent(key.group(1), group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return groups;
    }

    static String entry(ConfigOption<?> option) {
        String description = text(new HtmlFormatter().format(option.description()));
        String fallback = option.hasDefaultValue() && option.defaultValue() != null && !String.valueOf(option.defaultValue()).isEmpty()
                ? " (default: " + shown(option.defaultValue()) + ")" : "";
        return String.format("  --%-32s %s%s%n", option.key(), description, fallback);
    }

    private static String shown(Object value) {
        if (value instanceof java.time.Duration) {
            return org.apache.flink.util.TimeUtils.formatWithHighestUnit((java.time.Duration) value);
        }
        return String.valueOf(value);
    }

    /** Flink's formatter writes HTML; the terminal gets its text. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
