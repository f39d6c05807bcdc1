package io.mongoessync.sink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A bulk answer that says no item failed needs no item parsed; any other is read whole. */
class BulkAnswersTest {

    private static long took(String body) {
        return BulkAnswers.tookIfNoErrors(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAnswerWithoutErrorsGivesItsTookAndNeedsNoItems() {
        assertThat(took("{\"took\":31,\"errors\":false,\"items\":[{\"index\":{\"_index\":\"m\",\"_id\":\"1\",\"status\":201}}]}"))
                .isEqualTo(31);
        // Elasticsearch 8 with an ingest pipeline, and pretty-printed answers.
        assertThat(took("{\"took\":4,\"ingest_took\":2,\"errors\":false,\"items\":[]}")).isEqualTo(4);
        assertThat(took("{\n  \"took\" : 7,\n  \"errors\" : false,\n  \"items\" : [ ]\n}")).isEqualTo(7);
    }

    @Test
    void anythingElseIsReadItemByItem() {
        assertThat(took("{\"took\":31,\"errors\":true,\"items\":[{\"index\":{\"status\":409}}]}")).isEqualTo(-1);
        assertThat(took("{\"items\":[],\"took\":3,\"errors\":false}")).as("items first").isEqualTo(-1);
        assertThat(took("{\"took\":3,\"items\":[]}")).as("no errors field").isEqualTo(-1);
        assertThat(took("{\"error\":{\"type\":\"x\"},\"status\":400}")).isEqualTo(-1);
        assertThat(took("<html>Bad Gateway</html>")).isEqualTo(-1);
        assertThat(took("")).isEqualTo(-1);
        assertThat(took("{\"took\":12,\"errors\":fal")).as("cut off").isEqualTo(-1);
        assertThat(took("{\"took\":" + " ".repeat(300) + "5,\"errors\":false,\"items\":[]}")).as("past the prefix").isEqualTo(-1);
    }

    /**
     * The items standing for a bulk written whole pass the client's bulk retry, which counts one item
     * per action: with none at all, it built a response holding a null item and the writer failed
     * on it (the walkthrough ITs failed so before the items were added).
     */
    @Test
    void aBulkWrittenWholePassesTheClientsRetryAsWritten() throws Exception {
        org.elasticsearch.action.bulk.BulkRequest request = new org.elasticsearch.action.bulk.BulkRequest()
                .add(new org.elasticsearch.action.index.IndexRequest("m").id("1").source("{}", org.elasticsearch.common.xcontent.XContentType.JSON))
                .add(new org.elasticsearch.action.delete.DeleteRequest("m", "2"));
        java.util.concurrent.CompletableFuture<org.elasticsearch.action.bulk.BulkResponse> answer = new java.util.concurrent.CompletableFuture<>();
        new org.elasticsearch.action.bulk.Retry(org.elasticsearch.action.bulk.BackoffPolicy.noBackoff(),
                (command, delay, executor) -> {
                    throw new UnsupportedOperationException("nothing to retry");
                })
                .withBackoff((bulk, listener) -> listener.onResponse(new org.elasticsearch.action.bulk.BulkResponse(
                        writtenWhole(bulk.requests()), 3)), request,
                        org.elasticsearch.action.ActionListener.wrap(answer::complete, answer::completeExceptionally));
        org.elasticsearch.action.bulk.BulkResponse response = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.hasFailures()).isFalse();
        assertThat(response.getItems()).hasSize(2);
        assertThat(response.getItems()[1].getOpType()).isEqualTo(org.elasticsearch.action.DocWriteRequest.OpType.DELETE);
    }

    private static org.elasticsearch.action.bulk.BulkItemResponse[] writtenWhole(
            java.util.List<org.elasticsearch.action.DocWriteRequest<?>> actions) {
        org.elasticsearch.action.bulk.BulkItemResponse[] items = new org.elasticsearch.action.bulk.BulkItemResponse[actions.size()];
        SliceSender.written(actions, java.util.stream.IntStream.range(0, actions.size()).toArray(), items);
        return items;
    }
}
