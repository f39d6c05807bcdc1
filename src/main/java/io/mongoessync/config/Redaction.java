package io.mongoessync.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets out of everything the job shows: the settings in the Flink web UI, log lines and error
 * messages. Passwords and API keys become {@code ******}; so does the password in a connection string.
 */
public final class Redaction {

    public static final String MASK = "******";
    private static final Set<String> SECRET_KEYS = Set.of(
            SyncOptions.ELASTICSEARCH_PASSWORD.key(), SyncOptions.ELASTICSEARCH_API_KEY.key());
    /** user:password@ in any URL, mongodb:// and mongodb+srv:// above all, also a mistyped one. */
    private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*:)[^@]*@");

    private Redaction() {}

    public static String url(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceFirst("$1" + MASK + "@");
    }

    /** The job's settings as given, for display, with every secret masked. */
    public static Map<String, String> settings(Map<String, String> given) {
        Map<String, String> shown = new LinkedHashMap<>();
        given.forEach((key, value) -> shown.put(key, SECRET_KEYS.contains(key) ? MASK : url(value)));
        return shown;
    }
}
