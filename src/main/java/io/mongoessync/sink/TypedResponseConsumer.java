package io.mongoessync.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.HeapBufferedAsyncResponseConsumer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a bulk response and gives each item the {@code "_type": "_doc"} that OpenSearch and
 * Elasticsearch 8 leave out, because the connector's 7.10 client cannot build its item responses
 * without one. Items that have a type keep theirs; nothing else changes.
 */
final class TypedResponseConsumer extends HeapBufferedAsyncResponseConsumer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_LIMIT = 100 * 1024 * 1024;

    TypedResponseConsumer() {
        super(BUFFER_LIMIT);
    }

    @Override
    protected HttpResponse buildResult(HttpContext context) throws Exception {
        HttpResponse response = super.buildResult(context);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return response;
        }
        byte[] body = EntityUtils.toByteArray(entity);
        Header encoding = response.getFirstHeader("Content-Encoding");
        if (encoding != null && encoding.getValue().toLowerCase().contains("gzip")) {
            // The client un-gzips after this consumer; hand it plain text instead.
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
            response.removeHeaders("Content-Encoding");
        }
        response.setEntity(new ByteArrayEntity(withTypes(body), ContentType.APPLICATION_JSON));
        return response;
    }

    static byte[] withTypes(byte[] body) throws IOException {
        if (BulkAnswers.tookIfNoErrors(body) >= 0) {
            return body; // its items are never parsed
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return body; // not JSON (an error page): leave it to the client's own error handling
        }
        if (root == null || !root.path("items").isArray()) {
            return body;
        }
        for (JsonNode item : root.path("items")) {
            item.fields().forEachRemaining(operation -> {
                if (operation.getValue() instanceof ObjectNode && !operation.getValue().has("_type")) {
                    ((ObjectNode) operation.getValue()).put("_type", "_doc");
                }
            });
        }
        return JSON.writeValueAsBytes(root);
    }
}
