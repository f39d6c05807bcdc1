package io.mongoessync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.update.UpdateRequest;
import org.elasticsearch.client.Request;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.index.VersionType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> lines(List<DocWriteRequest<?>> actions) throws Exception {
        String body = new String(BulkBody.encode(actions), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\n");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void eachActionIsItsMetadataLineAndItsSourceAsGiven() throws Exception {
        String movie = "{\"title\":\"乘风破浪的程序媛\",\"year\":2020,\"rating\":8.25}";
        List<JsonNode> lines = lines(List.of(
                new IndexRequest("hotmovies").id("m\"1").routing("r").setPipeline("p").version(42).versionType(VersionType.EXTERNAL)
                        .source(movie, XContentType.JSON),
                new DeleteRequest("hotmovies").id("m2").version(43).versionType(VersionType.EXTERNAL),
                new DeleteRequest("hotmovies").id("m3"),
                new UpdateRequest("hotmovies", "m4").doc("{\"title\":\"x\"}", XContentType.JSON)
                        .upsert(movie, XContentType.JSON).retryOnConflict(5)));

        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo(JSON.readTree("{\"index\":{\"_index\":\"hotmovies\",\"_id\":\"m\\\"1\",\"routing\":\"r\","
                + "\"version\":42,\"version_type\":\"external\",\"pipeline\":\"p\"}}"));
        assertThat(lines.get(1)).isEqualTo(JSON.readTree(movie));
        assertThat(lines.get(2)).isEqualTo(JSON.readTree("{\"delete\":{\"_index\":\"hotmovies\",\"_id\":\"m2\",\"version\":43,\"version_type\":\"external\"}}"));
        assertThat(lines.get(3)).isEqualTo(JSON.readTree("{\"delete\":{\"_index\":\"hotmovies\",\"_id\":\"m3\"}}"));
        assertThat(lines.get(4)).isEqualTo(JSON.readTree("{\"update\":{\"_index\":\"hotmovies\",\"_id\":\"m4\",\"retry_on_conflict\":5}}"));
        assertThat(lines.get(5)).isEqualTo(JSON.readTree("{\"doc\":{\"title\":\"x\"},\"upsert\":" + movie + "}"));
    }

    @Test
    void theSourceBytesAreCopiedUntouched() {
        String movie = "{\"title\":\"乘风破浪的程序媛\",\"rating\":8.250}";
        byte[] body = BulkBody.encode(List.of(new IndexRequest("i").id("1").source(movie, XContentType.JSON)));
        assertThat(new String(body, StandardCharsets.UTF_8)).endsWith("\n" + movie + "\n");
    }

    @Test
    void aSourceSpanningLinesIsPutOnOne() throws Exception {
        List<JsonNode> lines = lines(List.of(new IndexRequest("i").id("1").source("{\n  \"a\": [1,\n 2],\n \"b\": \"x\\ny\"\n}", XContentType.JSON)));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo(JSON.readTree("{\"a\":[1,2],\"b\":\"x\\ny\"}"));
    }

    @Test
    void theRequestCarriesTheBulksTimeoutAsTheClientWould() {
        BulkRequest bulk = new BulkRequest();
        Request request = BulkBody.request(bulk, List.of(new DeleteRequest("i").id("1")));
        assertThat(request.getEndpoint()).isEqualTo("/_bulk");
        assertThat(request.getParameters()).containsEntry("timeout", "1m").doesNotContainKey("refresh");
        assertThat(request.getEntity().getContentType().getValue()).isEqualTo("application/x-ndjson");
    }

    @Test
    void anUpdateItCannotWriteIsRefusedNotSentHalfWritten() {
        UpdateRequest scripted = new UpdateRequest("i", "1").docAsUpsert(true).doc("{}", XContentType.JSON);
        assertThatThrownBy(() -> BulkBody.encode(List.of(scripted))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("doc and upsert");
    }
}
