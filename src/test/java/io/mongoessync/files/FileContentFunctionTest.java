package io.mongoessync.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.embedded.StandInMongo;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.testing.SampleFiles;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each write of a files document leaves with its file's text; a file that cannot give it leaves
 * with its metadata and a dead letter saying why; writes of one document keep their order.
 */
class FileContentFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "users.fs.files";

    private StandInMongo mongo;
    private MongoClient client;
    private GridFSBucket bucket;
    private FileContentFunction function;
    /** Writes in the order the function completed them. */
    private final List<String> completed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        mongo = StandInMongo.start(0);
        client = MongoClients.create(mongo.connectionString());
        bucket = GridFSBuckets.create(client.getDatabase("users"));
    }

    @AfterEach
    void stop() {
        if (function != null) {
            function.close();
        }
        client.close();
        mongo.close();
    }

    private void open(String... settings) {
        JobParams params = new JobParams().put("mongo-url", mongo.connectionString()).put("direct-read-namespaces", NS)
                .put("index-files", "true").put("file-namespaces", NS).put("dead-letter-index", "dead");
        for (int i = 0; i < settings.length; i += 2) {
            params.put(settings[i], settings[i + 1]);
        }
        SyncConfig config = SyncConfig.from(params.toConfiguration());
        function = new FileContentFunction(config.mongoUrl(), config.files(), config.route());
        function.open(new Configuration());
    }

    private String upload(String name, byte[] bytes) {
        ObjectId id = bucket.uploadFromStream(name, new ByteArrayInputStream(bytes));
        return id.toHexString();
    }

    private static IndexAction write(String id) {
        return IndexAction.index("users.fs.files", id, 7, "{\"filename\":\"f\",\"length\":1}").from(NS);
    }

    private CompletableFuture<Collection<IndexAction>> invoke(IndexAction action) {
        CompletableFuture<Collection<IndexAction>> result = new CompletableFuture<>();
        function.asyncInvoke(action, new ResultFuture<>() {
            @Override
            public void complete(Collection<IndexAction> actions) {
                completed.add(action.toString());
                result.complete(actions);
            }

            @Override
            public void completeExceptionally(Throwable error) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    private List<IndexAction> run(IndexAction action) throws Exception {
        return new ArrayList<>(invoke(action).get(30, TimeUnit.SECONDS));
    }

    private static JsonNode source(IndexAction action) throws Exception {
        return JSON.readTree(action.source);
    }

    @Test
    void aFileWriteCarriesItsTextAndOtherWritesPassAsTheyAre() throws Exception {
        open();
        String id = upload("fox.pdf", SampleFiles.pdf("The quick brown fox jumps over the lazy dog"));
        List<IndexAction> out = run(write(id));
        assertThat(out).hasSize(1);
        JsonNode file = source(out.get(0)).path("file");
        assertThat(file.path("content").asText()).isEqualTo("The quick brown fox jumps over the lazy dog");
        assertThat(file.path("content_type").asText()).isEqualTo("application/pdf");
        assertThat(file.path("language").asText()).isEqualTo("en");
        assertThat(source(out.get(0)).path("filename").asText()).as("the fs.files fields stay").isEqualTo("f");

        IndexAction other = IndexAction.index("movies", "1", 3, "{\"title\":\"x\"}").from("mydb.movies");
        IndexAction deadLetter = IndexAction.index("dead", "x/1/3", 3, "{}").from(NS);
        CompletableFuture<Collection<IndexAction>> passed = invoke(other);
        assertThat(passed).as("completed at once, on the caller's thread").isCompletedWithValue(List.of(other));
        assertThat(invoke(deadLetter)).isCompletedWithValue(List.of(deadLetter));
    }

    @Test
    void aFileGoneSinceItsWriteIsWrittenWithoutTextAndWithoutADeadLetter() throws Exception {
        open();
        IndexAction action = write(new ObjectId().toHexString());
        String before = action.source;
        List<IndexAction> out = run(action);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).source).isEqualTo(before);
    }

    @Test
    void tooLargeCorruptAndSlowFilesKeepTheirMetadataAndAreDeadLettered() throws Exception {
        open("max-file-size", "100kb");
        assertDeadLettered(upload("big.txt", new byte[200 * 1024]), "it is 204800 bytes, over max-file-size (102400 bytes)");
        assertDeadLettered(upload("broken.pdf", SampleFiles.corruptPdf()), "its application/pdf content is malformed");
        assertDeadLettered(upload("secret.pdf", SampleFiles.encryptedPdf()), "it is encrypted (application/pdf)");
        function.close();

        open("file-extraction-timeout", "1ms");
        String slow = upload("long.txt", SampleFiles.text("word ".repeat(2_000_000)));
        assertDeadLettered(slow, "its text took longer than file-extraction-timeout (1 ms) to extract");
    }

    private void assertDeadLettered(String id, String reason) throws Exception {
        IndexAction action = write(id);
        String metadata = action.source;
        List<IndexAction> out = run(action);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).source).as("written with its metadata only").isEqualTo(metadata);
        IndexAction record = out.get(1);
        assertThat(record.index).isEqualTo("dead");
        JsonNode letter = source(record);
        assertThat(letter.path("document_id").asText()).isEqualTo(id);
        assertThat(letter.path("namespace").asText()).isEqualTo(NS);
        assertThat(letter.path("operation").asText()).isEqualTo("file");
        assertThat(letter.path("error").asText()).startsWith("the text of GridFS file " + id + " in " + NS + " was not indexed: ")
                .contains(reason);
    }

    @Test
    void writesOfOneDocumentStayInOrderAndOthersDoNotWait() throws Exception {
        open();
        String slow = upload("long.txt", SampleFiles.text("lorem ipsum ".repeat(1_000_000)));
        String quick = upload("short.txt", SampleFiles.text("short"));
        IndexAction index = write(slow);
        IndexAction delete = IndexAction.delete("users.fs.files", slow, 8).from(NS);
        CompletableFuture<Collection<IndexAction>> first = invoke(index);
        CompletableFuture<Collection<IndexAction>> second = invoke(delete);
        CompletableFuture<Collection<IndexAction>> other = invoke(write(quick));
        CompletableFuture.allOf(first, second, other).get(30, TimeUnit.SECONDS);
        assertThat(completed).containsSubsequence(index.toString(), delete.toString());
        assertThat(completed.indexOf(write(quick).toString())).as("another document's write finished first")
                .isLessThan(completed.indexOf(index.toString()));
    }
}
