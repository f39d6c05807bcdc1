package io.mongoessync.it;

import com.mongodb.client.MongoCollection;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.LocalRunProcess;
import io.mongoessync.testing.SyncITBase;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local run outside the demo, as its own process against real servers: what its terminal
 * shows (the web UI, the copy's progress, the "Copy done" table, a summary or the streaming line),
 * that log lines never share a line with it, and the exit code of a copy-only run.
 */
class LocalRunIT extends SyncITBase {

    /** A log line as log4j writes it; anything else on its line means two writers garbled each other. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (INFO |WARN |ERROR) .*");

    private String[] arguments(String namespace, String index, String... more) {
        String[] base = {"--mongo-url", mongo.connectionString(), "--elasticsearch-urls", elasticsearchUrl(),
                "--direct-read-namespaces", namespace, "--index-mapping", namespace + ":" + index};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theBuildsClassArchiveServesTheReadmeCommand() throws Exception {
        // -Xshare:on refuses to start unless the archive maps for this class path: a stale or missing
        // archive fails here instead of quietly costing every local run its start-up.
        Process help = new ProcessBuilder("java", "-Xshare:on", "-XX:SharedArchiveFile=target/mongo-es-sync.jsa", "-jar",
                "target/mongo-es-sync-local.jar", "--help").redirectErrorStream(true).start();
        String output = new String(help.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(help.waitFor()).as(output).isZero();
        assertThat(output).startsWith("Usage: mongo-es-sync");
    }

    @Test
    void copyOnlyRunShowsItsProgressAndSummaryAndExitsZero() throws Exception {
        deleteIndex("localrun-items");
        // Enough that the copy outlasts the first progress poll.
        collection("shop.items").insertMany(SampleData.movies(20000));
        try (LocalRunProcess run = LocalRunProcess.start(arguments("shop.items", "localrun-items", "--exit-after-direct-reads", "true"))) {
            assertThat(run.await(3)).as(run.output()).isZero();
            String output = run.output();
            assertThat(output).as(output)
                    .containsPattern("(?m)^Flink web UI: +http://127\\.0\\.0\\.1:\\d+$")
                    .containsPattern("(?m)^Copying:  shop\\.items \\d+/20000 \\(\\d+%\\)$")
                    .containsPattern("(?m)^Copy done:$")
                    .containsPattern("(?m)^  shop\\.items +localrun-items +20000 +20000$")
                    .containsPattern("(?m)^Copy finished in \\d+\\.\\d s; nothing went to the dead-letter index\\.$")
                    .doesNotContain("\r");
            // A clean copy has nothing to warn of: Flink warned once per RocksDB instance of a
            // deprecated options factory the job used.
            assertThat(output.lines().filter(line -> line.contains(" WARN ")).toList()).as(output).isEmpty();
            // Once the job was over its metrics were gone, and the last progress line read 0/20000.
            List<String> progress = output.lines().filter(line -> line.startsWith("Copying:")).toList();
            assertThat(progress.get(progress.size() - 1)).as(output).isEqualTo("Copying:  shop.items 20000/20000 (100%)");
            assertUngarbled(output);
        }
        assertIndexEqualsCollection("shop.items", "localrun-items");
    }

    @Test
    void copyWithARefusedDocumentSaysSoAndExitsOne() throws Exception {
        deleteIndex("localrun-refused");
        // Elasticsearch refuses a string where the mapping says long: the document is dead-lettered.
        es.put("/localrun-refused", "{\"mappings\":{\"properties\":{\"n\":{\"type\":\"long\"}}}}");
        MongoCollection<Document> items = collection("shop.refused");
        items.insertOne(new Document("_id", 1).append("n", 5));
        items.insertOne(new Document("_id", 2).append("n", "five"));
        try (LocalRunProcess run = LocalRunProcess.start(arguments("shop.refused", "localrun-refused", "--exit-after-direct-reads", "true"))) {
            assertThat(run.await(3)).as(run.output()).isEqualTo(1);
            assertThat(run.output()).as(run.output())
                    .containsPattern("(?m)^  shop\\.refused +localrun-refused +2 +1$")
                    .containsPattern("(?m)^Copy finished in \\d+\\.\\d s, but 1 document\\(s\\) went to the dead-letter index "
                            + "'mongo-es-sync-dead-letters'; each entry there says why\\.$");
        }
    }

    @Test
    void streamingRunShowsTheCopyThenStreamsUntilStopped() throws Exception {
        deleteIndex("localrun-live");
        MongoCollection<Document> items = collection("shop.live");
        items.insertMany(SampleData.movies(500));
        try (LocalRunProcess run = LocalRunProcess.start(arguments("shop.live", "localrun-live"))) {
            Await.until(TIMEOUT, () -> run.output().contains("Press Ctrl-C to stop."), run::output);
            items.insertOne(new Document("_id", "fresh").append("title", "乘风破浪的程序媛"));
            awaitCount("localrun-live", 501);
            run.stop();
            String output = run.output();
            assertThat(output).as(output)
                    .containsPattern("(?m)^  shop\\.live +localrun-live +500 +500$")
                    .containsPattern("(?m)^Streaming changes from MongoDB to Elasticsearch\\. Press Ctrl-C to stop\\.$")
                    .containsPattern("(?m)^Stopping: cancelling the job \\.\\.\\.$");
            assertUngarbled(output);
        }
        assertIndexEqualsCollection("shop.live", "localrun-live");
    }

    private static void assertUngarbled(String output) {
        for (String line : output.split("\n")) {
            if (line.contains(" INFO  ") || line.contains(" WARN  ")) {
                assertThat(line).as("a log line that shares its line with the terminal's output:\n" + output).matches(LOG_LINE);
            }
        }
    }
}
