package io.mongoessync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import io.mongoessync.cli.IndexSetup;
import io.mongoessync.cli.Resync;
import io.mongoessync.cli.Verify;
import io.mongoessync.config.ConfigException;
import io.mongoessync.rebuild.IndexRebuild;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.testing.Await;
import io.mongoessync.testing.KillableCluster;
import io.mongoessync.testing.LogWatch;
import io.mongoessync.testing.SampleFiles;
import io.mongoessync.testing.SyncITBase;
import org.apache.flink.api.common.JobID;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GridFS files, uploaded with the official driver's {@link GridFSBucket}, become searchable by
 * their text in a real Elasticsearch, with highlighting; a deleted file goes; files whose text
 * cannot be had keep their metadata and are dead-lettered; a TaskManager killed mid-upload leaves
 * no drift.
 */
class GridFsIT extends SyncITBase {

    private static final String NS = "users.fs.files";
    private static final String DEAD = "it-file-dead-letters";

    private GridFSBucket bucket() {
        return GridFSBuckets.create(client.getDatabase("users"));
    }

    private static String upload(GridFSBucket bucket, String name, byte[] bytes, Document metadata) {
        return bucket.uploadFromStream(name, new ByteArrayInputStream(bytes), new GridFSUploadOptions().chunkSizeBytes(16 * 1024)
                .metadata(metadata)).toHexString();
    }

    private String[] settings(String index, String... more) {
        List<String> all = new ArrayList<>(List.of("direct-read-namespaces", NS, "index-mapping", NS + ":" + index,
                "index-files", "true", "file-namespaces", NS, "dead-letter-index", DEAD));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private List<String> search(String index, String word) {
        JsonNode hits = es.post("/" + index + "/_search", "{\"query\":{\"match\":{\"file.content\":\"" + word + "\"}},"
                + "\"highlight\":{\"fields\":{\"file.content\":{}}}}").path("hits").path("hits");
        List<String> found = new ArrayList<>();
        for (JsonNode hit : hits) {
            found.add(hit.path("_id").asText());
            assertThat(hit.path("highlight").path("file.content").path(0).asText()).as("highlight of " + word)
                    .contains("<em>" + word + "</em>");
        }
        return found;
    }

    private boolean inSync(SyncConfig config, String index) {
        return new Verify(config, new PrintStream(OutputStream.nullOutputStream()), 10)
                .compare(client, es, Namespace.parse("test", NS), index).inSync();
    }

    @Test
    void filesAreFoundByTheirTextHighlightedDeletedAndDeadLetteredWithTheirMetadata() throws Exception {
        String index = "it-files";
        deleteIndex(index);
        deleteIndex(DEAD);
        GridFSBucket bucket = bucket();
        Map<String, String> wordOf = new LinkedHashMap<>();
        // Before the job: the copy reads these.
        String pdf = upload(bucket, "fox.pdf", SampleFiles.pdf("The quick brown fox admires the quartzite cliffs"),
                new Document("owner", "ann"));
        wordOf.put(pdf, "quartzite");
        wordOf.put(upload(bucket, "report.docx", SampleFiles.docx("Quarterly numbers for the zephyrine fleet"), null), "zephyrine");

        startJob(settings(index, "file-highlighting", "true", "max-file-size", "64kb"));
        awaitCount(index, 2);
        // While the job streams.
        wordOf.put(upload(bucket, "page.html", SampleFiles.html("A page about the obsidian tower"), null), "obsidian");
        String text = upload(bucket, "notes.txt", SampleFiles.text("Notes on the marmalade harbour"), null);
        wordOf.put(text, "marmalade");
        String corrupt = upload(bucket, "broken.pdf", SampleFiles.corruptPdf(), new Document("owner", "bob"));
        String large = upload(bucket, "large.txt", SampleFiles.text("x".repeat(100 * 1024)), null);
        awaitCount(index, 6);
        awaitCount(DEAD, 2);

        wordOf.forEach((id, word) -> Await.until(TIMEOUT, () -> search(index, word).equals(List.of(id)),
                () -> word + " finds " + search(index, word) + ", expected " + id));
        JsonNode fox = es.get("/" + index + "/_doc/" + pdf).path("_source");
        assertThat(fox.path("filename").asText()).isEqualTo("fox.pdf");
        assertThat(fox.path("length").asLong()).isEqualTo(SampleFiles.pdf("The quick brown fox admires the quartzite cliffs").length);
        assertThat(fox.path("chunkSize").asInt()).isEqualTo(16 * 1024);
        assertThat(fox.path("uploadDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(fox.path("metadata").path("owner").asText()).isEqualTo("ann");
        assertThat(fox.path("file").path("content_type").asText()).isEqualTo("application/pdf");
        assertThat(fox.path("file").path("language").asText()).isEqualTo("en");
        assertThat(es.get("/" + index + "/_mapping").path(index).path("mappings").path("properties").path("file")
                .path("properties").path("content").path("term_vector").asText()).isEqualTo("with_positions_offsets");

        Map<String, JsonNode> letters = new HashMap<>();
        indexDocuments(DEAD).values().forEach(letter -> letters.put(letter.path("document_id").asText(), letter));
        assertThat(letters).containsOnlyKeys(corrupt, large);
        assertThat(letters.get(corrupt).path("error").asText()).contains("its application/pdf content is malformed");
        assertThat(letters.get(large).path("error").asText()).contains("it is 102400 bytes, over max-file-size (65536 bytes)");
        JsonNode broken = es.get("/" + index + "/_doc/" + corrupt).path("_source");
        assertThat(broken.path("filename").asText()).as("its metadata is indexed").isEqualTo("broken.pdf");
        assertThat(broken.path("metadata").path("owner").asText()).isEqualTo("bob");
        assertThat(broken.path("file").path("content").isMissingNode()).isTrue();
        assertThat(es.get("/" + index + "/_doc/" + large).path("_source").path("filename").asText()).isEqualTo("large.txt");
        assertThat(es.status("/users.fs.chunks")).as("the chunks are never indexed").isEqualTo(404);

        bucket.delete(new ObjectId(text));
        awaitCount(index, 5);
        assertThat(es.get("/" + index + "/_doc/" + text).path("found").asBoolean()).isFalse();
        assertThat(search(index, "marmalade")).isEmpty();
        SyncConfig config = commandConfig(NS, index, new JobParams().put("index-files", "true").put("file-namespaces", NS));
        assertThat(inSync(config, index)).as("verify finds no drift").isTrue();

        // Both would write the files' documents without their text.
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        assertThatThrownBy(() -> new Verify(config, quiet, 10).repair()).isInstanceOf(ConfigException.class)
                .hasMessage("verify --repair cannot mend users.fs.files: its documents carry text extracted from GridFS files, "
                        + "which a repair would write without. Leave it out of the namespaces for --repair; verify alone still "
                        + "compares it.");
        assertThatThrownBy(() -> new IndexRebuild(config, quiet).run()).isInstanceOf(ConfigException.class)
                .hasMessage("rebuild cannot copy users.fs.files: its documents carry text extracted from GridFS files, which "
                        + "the copy would leave out. Rebuild it with the job: --resync true");
    }

    @Test
    void aResyncKeepsTheTermVectorsOfHighlighting() {
        String index = "it-files-resynced";
        String namespace = "resynced.fs.files";
        deleteIndex(index);
        // A resync clears the indexes of collections that exist.
        collection(namespace).insertOne(new org.bson.Document("_id", 1).append("filename", "a.txt"));
        SyncConfig config = commandConfig(namespace, index, new JobParams().put("index-files", "true")
                .put("file-namespaces", namespace).put("file-highlighting", "true").put("resync", "true"));
        IndexSetup.apply(config);
        Resync.clearIndexes(config);
        assertThat(es.get("/" + index + "/_mapping").path(index).path("mappings").path("properties").path("file")
                .path("properties").path("content").path("term_vector").asText()).isEqualTo("with_positions_offsets");
        deleteIndex(index);
        collection(namespace).drop();
    }

    @Test
    void highlightingNeedsAFixedIndexAndRefusesOneMappedWithoutTermVectors() {
        String index = "it-files-plain";
        deleteIndex(index);
        es.put("/" + index, "{\"mappings\":{\"properties\":{\"file\":{\"properties\":{\"content\":{\"type\":\"text\"}}}}}}");
        assertThatThrownBy(() -> IndexSetup.apply(commandConfig(NS, index, new JobParams().put("index-files", "true")
                .put("file-namespaces", NS).put("file-highlighting", "true"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("'file-highlighting' could not map file.content with term vectors in index '" + index + "': ")
                .hasMessageContaining("illegal_argument_exception")
                .hasMessageEndingWith("An index that already holds file.content without them needs to be created again: delete "
                        + "it and start the job with --resync true.");
        assertThatThrownBy(() -> IndexSetup.apply(commandConfig(NS, "files-{filename}", new JobParams().put("index-files", "true")
                .put("file-namespaces", NS).put("file-highlighting", "true"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'file-highlighting' maps the index of users.fs.files before the first file is written, but its index "
                        + "depends on each document: give it a fixed index in 'index-mapping'.");
    }

    @Test
    void aTaskManagerKilledMidUploadLeavesEveryFileWithItsText() throws Exception {
        String index = "it-files-killed";
        deleteIndex(index);
        deleteIndex(DEAD);
        GridFSBucket bucket = bucket();
        Map<String, String> wordOf = new java.util.concurrent.ConcurrentHashMap<>();
        for (int n = 0; n < 20; n++) {
            wordOf.put(upload(bucket, "early-" + n + ".pdf", SampleFiles.pdf("early file number w" + n + "x"), null), "w" + n + "x");
        }
        SyncConfig config = commandConfig(NS, index, new JobParams().put("index-files", "true").put("file-namespaces", NS)
                .put("dead-letter-index", DEAD).put("checkpoint-interval", "1s").put("elasticsearch-max-seconds", "200ms"));
        try (KillableCluster cluster = new KillableCluster()) {
            LogWatch log = new LogWatch();
            JobID job = cluster.submit(config, null);
            cluster.awaitRunning(job, TIMEOUT);
            Thread uploads = new Thread(() -> {
                for (int n = 20; n < 120; n++) {
                    byte[] bytes = n % 2 == 0 ? SampleFiles.docx("uploaded file number w" + n + "x")
                            : SampleFiles.text("uploaded file number w" + n + "x");
                    wordOf.put(upload(bucket, "late-" + n, bytes, null), "w" + n + "x");
                    pause(30);
                }
            });
            uploads.start();
            Await.until(TIMEOUT, () -> es.count(index) >= 40, () -> index + " has " + es.count(index) + " files");
            cluster.killTaskManager();
            uploads.join();
            cluster.awaitRunning(job, TIMEOUT);
            Await.until(Duration.ofMinutes(3), () -> inSync(config, index), () -> index + " differs from " + NS);
            for (Map.Entry<String, String> file : wordOf.entrySet()) {
                JsonNode content = es.get("/" + index + "/_doc/" + file.getKey()).path("_source").path("file").path("content");
                assertThat(content.asText()).as("text of " + file.getKey()).contains(file.getValue());
            }
            assertThat(es.count(index)).isEqualTo(120);
            assertThat(log.count("(" + job + ") switched from state RUNNING to RESTARTING")).as("restarts").isEqualTo(1);
            assertThat(es.count(DEAD)).as("nothing dead-lettered").isZero();
        }
    }
}
