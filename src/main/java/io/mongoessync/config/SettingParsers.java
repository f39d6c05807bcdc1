package io.mongoessync.config;

import io.mongoessync.sink.ClientSettings;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings whose values need more than a type to check: URLs, PEM files, index templates,
 * start times. Each failure names the key, the value and what is expected.
 */
final class SettingParsers {

    private SettingParsers() {}

    static List<URI> elasticsearchUrls(List<String> urls) {
        String key = SyncOptions.ELASTICSEARCH_URLS.key();
        if (urls.isEmpty()) {
            throw ConfigException.invalid(key, "", "at least one URL such as http://127.0.0.1:9200");
        }
        List<URI> parsed = new ArrayList<>();
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid(key, url, "URLs such as http://127.0.0.1:9200");
            }
            if (uri.getHost() == null || uri.getPort() < 0
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw ConfigException.invalid(key, url, "URLs with scheme, host and port, such as http://127.0.0.1:9200");
            }
            parsed.add(uri);
        }
        return Collections.unmodifiableList(parsed);
    }

    static Long streamStart(String value, boolean nothingToCopy) {
        String key = SyncOptions.CHANGE_STREAM_START_AT.key();
        String text = value.trim();
        if (text.isEmpty()) {
            return nothingToCopy ? 0L : null;
        }
        if (!nothingToCopy) {
            throw new ConfigException("'" + key + "' (" + text + ") follows changes without a copy, but '"
                    + SyncOptions.DIRECT_READ_NAMESPACES.key() + "' asks for one. Leave one of them empty.");
        }
        if (text.equalsIgnoreCase("now")) {
            return 0L;
        }
        try {
            return text.matches("\\d+") ? Long.parseLong(text) * 1000 : java.time.Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw ConfigException.invalid(key, text, "'now', a time as ISO-8601 such as 2026-11-25T10:00:00Z, or epoch seconds");
        }
    }

    static String pem(String file) {
        if (file == null) {
            return null;
        }
        String key = SyncOptions.ELASTICSEARCH_PEM_FILE.key();
        String text;
        try {
            text = java.nio.file.Files.readString(java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw ConfigException.invalid(key, file, "a readable PEM file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        try {
            io.mongoessync.sink.Trust.fromPem(text);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid(key, file, "a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), but it is "
                    + e.getMessage());
        }
        return text;
    }

    /** Null for auto: detected at start-up. */
    static ClientSettings.Flavor flavor(String value) {
        switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "auto":
                return null;
            case "elasticsearch7":
                return ClientSettings.Flavor.ELASTICSEARCH_7;
            case "elasticsearch8":
                return ClientSettings.Flavor.ELASTICSEARCH_8;
            case "opensearch":
                return ClientSettings.Flavor.OPENSEARCH;
            default:
                throw ConfigException.invalid(SyncOptions.ELASTICSEARCH_FLAVOR.key(), value,
                        "auto, elasticsearch7, elasticsearch8 or opensearch");
        }
    }

    /** Template name (the file name without .json) to its body, checked to be a JSON object with index_patterns. */
    static Map<String, String> indexTemplates(List<String> files) {
        String key = SyncOptions.INDEX_TEMPLATES.key();
        Map<String, String> templates = new LinkedHashMap<>();
        for (String file : files) {
            java.nio.file.Path path = java.nio.file.Path.of(file);
            String name = path.getFileName().toString().replaceFirst("\\.json$", "").toLowerCase(java.util.Locale.ROOT);
            try {
                String body = java.nio.file.Files.readString(path);
                com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
                if (!json.isObject() || !json.has("index_patterns")) {
                    throw ConfigException.invalid(key, file, "a JSON object with index_patterns, as the body of PUT _index_template/" + name);
                }
                templates.put(SyncConfig.indexName(key, name), body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ConfigException.invalid(key, file, "a JSON file (" + e.getOriginalMessage() + " at line "
                        + e.getLocation().getLineNr() + ")");
            } catch (java.io.IOException e) {
                throw ConfigException.invalid(key, file, "a readable JSON file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        return Collections.unmodifiableMap(templates);
    }
}
