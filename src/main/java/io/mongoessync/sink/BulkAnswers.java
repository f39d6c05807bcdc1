package io.mongoessync.sink;

import java.nio.charset.StandardCharsets;

/**
 * What a bulk response says before its items: whether any item failed. Elasticsearch and
 * OpenSearch write {@code took} and {@code errors} ahead of {@code items}, so a bulk that went
 * through needs none of its items parsed. Parsing a thousand item responses into the client's
 * objects took about 15% of the job's CPU in a burst, for answers that only said "written".
 */
final class BulkAnswers {

    /** Far enough for {@code took}, {@code ingest_took} and {@code errors}, in any spacing. */
    private static final int PREFIX = 256;

    private BulkAnswers() {}

    /** The response's {@code took} when it says {@code "errors": false} ahead of its items; -1 when the items must be read. */
    static long tookIfNoErrors(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, PREFIX), StandardCharsets.US_ASCII);
        int items = head.indexOf("\"items\"");
        int errors = head.indexOf("\"errors\"");
        if (errors < 0 || items >= 0 && items < errors || !"false".equals(valueAfter(head, errors + "\"errors\"".length()))) {
            return -1;
        }
        int took = head.indexOf("\"took\"");
        if (took < 0) {
            return -1;
        }
        String millis = valueAfter(head, took + "\"took\"".length());
        return millis != null && millis.matches("\\d{1,18}") ? Long.parseLong(millis) : -1;
    }

    /** The scalar after {@code "key"} and its colon, or null when the prefix ends first. */
    private static String valueAfter(String head, int from) {
        int i = from;
        while (i < head.length() && (head.charAt(i) == ' ' || head.charAt(i) == '\n' || head.charAt(i) == '\r' || head.charAt(i) == '\t')) {
            i++;
        }
        if (i >= head.length() || head.charAt(i) != ':') {
            return null;
        }
        i++;
        while (i < head.length() && Character.isWhitespace(head.charAt(i))) {
            i++;
        }
        int end = i;
        while (end < head.length() && Character.isLetterOrDigit(head.charAt(end))) {
            end++;
        }
        return end == head.length() ? null : head.substring(i, end);
    }
}
