package io.mongoessync.sink;

import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkProcessor;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.index.IndexResponse;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.index.shard.ShardId;
import org.elasticsearch.rest.RestStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkOutcomeListenerTest {

    /** What the connector's writer would see. */
    private static final class Recorder implements BulkProcessor.Listener {
        final List<BulkResponse> responses = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();

        @Override
        public void beforeBulk(long executionId, BulkRequest request) {}

        @Override
        public void afterBulk(long executionId, BulkRequest request, BulkResponse response) {
            responses.add(response);
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, Throwable failure) {
            failures.add(failure);
        }
    }

    private static BulkRequest request(int items) {
        BulkRequest request = new BulkRequest();
        for (int i = 0; i < items; i++) {
            request.add(new IndexRequest("idx").id("d" + i).source("{}", XContentType.JSON));
        }
        return request;
    }

    private static BulkItemResponse ok(int i) {
        return new BulkItemResponse(i, DocWriteRequest.OpType.INDEX,
                new IndexResponse(new ShardId("idx", "uuid", 0), "_doc", "d" + i, 1, 1, 1, true));
    }

    private static BulkItemResponse failed(int i, RestStatus status) {
        return new BulkItemResponse(i, DocWriteRequest.OpType.INDEX,
                new BulkItemResponse.Failure("idx", "_doc", "d" + i, new RuntimeException("boom " + status), status));
    }

    @Test
    void conflictsAndRejectedDocumentsDoNotFailTheBulk() {
        Recorder writer = new Recorder();
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, null);
        BulkResponse response = new BulkResponse(new BulkItemResponse[] {
                ok(0), failed(1, RestStatus.CONFLICT), failed(2, RestStatus.BAD_REQUEST), failed(3, RestStatus.CONFLICT)}, 5);

        listener.afterBulk(1, request(4), response);

        assertThat(writer.responses).hasSize(1);
        assertThat(writer.responses.get(0).hasFailures()).isFalse();
        assertThat(writer.responses.get(0).getItems()).extracting(BulkItemResponse::getItemId).containsExactly(0);
        assertThat(listener.conflicts()).isEqualTo(2);
        assertThat(listener.rejected()).isEqualTo(1);
    }

    @Test
    void overloadAndServerErrorsStillFailSoTheJobRetriesFromItsCheckpoint() {
        Recorder writer = new Recorder();
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, null);
        BulkResponse response = new BulkResponse(new BulkItemResponse[] {
                ok(0), failed(1, RestStatus.TOO_MANY_REQUESTS), failed(2, RestStatus.SERVICE_UNAVAILABLE), failed(3, RestStatus.CONFLICT)}, 5);

        listener.afterBulk(1, request(4), response);

        BulkResponse seen = writer.responses.get(0);
        assertThat(seen.hasFailures()).isTrue();
        assertThat(seen.getItems()).extracting(BulkItemResponse::getItemId).containsExactly(0, 1, 2);
    }

    @Test
    void cleanBulksAndTransportFailuresPassThroughUntouched() {
        Recorder writer = new Recorder();
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, null);
        BulkResponse clean = new BulkResponse(new BulkItemResponse[] {ok(0)}, 1);
        listener.afterBulk(1, request(1), clean);
        RuntimeException down = new RuntimeException("connection refused");
        listener.afterBulk(2, request(1), down);
        assertThat(writer.responses).containsExactly(clean);
        assertThat(writer.failures).containsExactly(down);
    }

    @Test
    void rejectedDocumentsAreQueuedAsDeadLettersWithTheirSource() {
        Recorder writer = new Recorder();
        DeadLetters deadLetters = new DeadLetters("dead", false);
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, deadLetters);
        BulkRequest request = new BulkRequest();
        request.add(new IndexRequest("idx").id("d0").source("{}", XContentType.JSON));
        request.add(new ActionRequests.Index(IndexAction.index("idx", "d1", 7, "{}").from("mydb.hotmovies")).id("d1")
                .source("{}", XContentType.JSON));
        listener.afterBulk(1, request, new BulkResponse(new BulkItemResponse[] {ok(0), failed(1, RestStatus.BAD_REQUEST)}, 5));

        assertThat(writer.responses.get(0).hasFailures()).isFalse();
        List<IndexAction> records = deadLetters.drain();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).index).isEqualTo("dead");
        assertThat(records.get(0).source).contains("\"namespace\":\"mydb.hotmovies\"", "\"document_id\":\"d1\"",
                "\"status\":400", "boom", "\"source\":\"{}\"");
    }

    /** An update carries MATCH_ANY, which an external-versioned record refuses: the whole bulk failed, again and again. */
    @Test
    void aRejectedUpdateIsDeadLetteredWithTheVersionOfItsAction() {
        Recorder writer = new Recorder();
        DeadLetters deadLetters = new DeadLetters("dead", false);
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, deadLetters);
        IndexAction action = IndexAction.index("idx", "d0", 42, "{}").from("mydb.hotmovies").asUpdate(null);
        BulkRequest request = new BulkRequest();
        new IndexActionEmitter().emit(action, null, new org.apache.flink.connector.elasticsearch.sink.RequestIndexer() {
            @Override
            public void add(org.elasticsearch.action.delete.DeleteRequest... requests) {
                request.add(requests);
            }

            @Override
            public void add(IndexRequest... requests) {
                request.add(requests);
            }

            @Override
            public void add(org.elasticsearch.action.update.UpdateRequest... requests) {
                request.add(requests);
            }
        });
        assertThat(request.requests().get(0).version()).as("updates carry no version").isNegative();

        listener.afterBulk(1, request, new BulkResponse(new BulkItemResponse[] {failed(0, RestStatus.BAD_REQUEST)}, 5));

        IndexAction record = deadLetters.drain().get(0);
        assertThat(record.version).isEqualTo(42);
        assertThat(record.id).isEqualTo("idx/d0/42");
        assertThat(record.source).contains("\"namespace\":\"mydb.hotmovies\"");
    }

    /** A write block, a missing index with auto-create off, a closed index: dead-lettering them skipped every write. */
    @Test
    void faultsOfTheIndexOrTheUserStopTheJobWithWhatToFix() {
        String[][] cases = {
                {"FORBIDDEN", "cluster_block_exception: index [idx] blocked by: [FORBIDDEN/8/index write (api)]", "write block"},
                {"NOT_FOUND", "Elasticsearch exception [type=index_not_found_exception, reason=no such index [idx]]", "auto_create_index"},
                {"BAD_REQUEST", "Elasticsearch exception [type=index_closed_exception, reason=closed]", "_open"}};
        for (String[] fault : cases) {
            Recorder writer = new Recorder();
            DeadLetters deadLetters = new DeadLetters("dead", false);
            BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, deadLetters);
            BulkItemResponse item = new BulkItemResponse(0, DocWriteRequest.OpType.INDEX, new BulkItemResponse.Failure("idx", "_doc", "d0",
                    new RuntimeException(fault[1]), RestStatus.valueOf(fault[0])));
            listener.afterBulk(1, request(1), new BulkResponse(new BulkItemResponse[] {item}, 5));

            assertThat(deadLetters.isEmpty()).as(fault[0]).isTrue();
            assertThat(writer.failures).as(fault[0]).hasSize(1);
            assertThat(writer.failures.get(0)).isInstanceOf(org.apache.flink.runtime.execution.SuppressRestartsException.class)
                    .hasStackTraceContaining("document d0 to index idx").hasStackTraceContaining(fault[2])
                    .hasStackTraceContaining("resume it from its last checkpoint");
        }
    }

    @Test
    void aRefusedDeadLetterFailsTheBulkInsteadOfVanishing() {
        Recorder writer = new Recorder();
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, new DeadLetters("idx", false));
        listener.afterBulk(1, request(1), new BulkResponse(new BulkItemResponse[] {failed(0, RestStatus.BAD_REQUEST)}, 5));
        assertThat(writer.responses.get(0).hasFailures()).as("the writer sees the failure and fails the job").isTrue();
    }

    @Test
    void failFastStopsTheJobForGood() {
        Recorder writer = new Recorder();
        BulkOutcomeListener listener = new BulkOutcomeListener(writer, null, new DeadLetters("dead", true));
        listener.afterBulk(1, request(1), new BulkResponse(new BulkItemResponse[] {failed(0, RestStatus.BAD_REQUEST)}, 5));
        assertThat(writer.failures).hasSize(1);
        assertThat(writer.failures.get(0)).isInstanceOf(org.apache.flink.runtime.execution.SuppressRestartsException.class)
                .hasStackTraceContaining("Elasticsearch rejected document d0 in index idx (400)")
                .hasStackTraceContaining("fail-fast");
    }
}
