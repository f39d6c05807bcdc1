package io.mongoessync.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the test JVM logged to target/test.log since this watch was created. */
public final class LogWatch {

    private static final String FILE = "target/test.log";
    private static final Pattern CONFLICTS = Pattern.compile("Ignored (\\d+) version conflicts");

    private final long start;

    public LogWatch() {
        this.start = new java.io.File(FILE).length();
    }

    public String text() {
        try (RandomAccessFile file = new RandomAccessFile(FILE, "r")) {
            long length = file.length();
            if (length <= start) {
                return "";
            }
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(String text) {
        return text().contains(text);
    }

    /** How often a text occurs. */
    public long count(String text) {
        String all = text();
        long count = 0;
        for (int at = all.indexOf(text); at >= 0; at = all.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    /** Replayed writes Elasticsearch answered with 409, as the sink reported them. */
    public long ignoredConflicts() {
        long total = 0;
        Matcher matcher = CONFLICTS.matcher(text());
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }
}
