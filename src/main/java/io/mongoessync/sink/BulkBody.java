package io.mongoessync.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.action.DocWriteRequest;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.support.WriteRequest;
import org.elasticsearch.action.update.UpdateRequest;
import org.elasticsearch.client.Request;
import org.apache.lucene.util.BytesRef;
import org.elasticsearch.common.bytes.BytesReference;
import org.elasticsearch.common.lucene.uid.Versions;
import org.elasticsearch.index.VersionType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code _bulk} request for a slice of actions, with each document's JSON copied as it is.
 * The high-level client's own encoding parses and re-writes every source (to make sure it fits on
 * one line): 5% of the job's CPU during a copy, for JSON our writer already made compact. A source
 * that does contain a line break still goes through a parse and re-write.
 *
 * <p>Covers what {@link IndexActionEmitter} builds: index with external version, routing and
 * pipeline; delete with or without a version; update with doc, upsert and retries.
 */
final class BulkBody {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final byte[] DOC = "\"doc\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPSERT = "\"upsert\":".getBytes(StandardCharsets.US_ASCII);

    private BulkBody() {}

    static Request request(BulkRequest original, List<DocWriteRequest<?>> actions) {
        Request request = new Request("POST", "/_bulk");
        if (original.timeout() != null) {
            request.addParameter("timeout", original.timeout().getStringRep());
        }
        if (original.getRefreshPolicy() != WriteRequest.RefreshPolicy.NONE) {
            request.addParameter("refresh", original.getRefreshPolicy().getValue());
        }
        byte[] body = encode(actions);
        request.setEntity(new NByteArrayEntity(body, 0, body.length, NDJSON));
        return request;
    }

    static byte[] encode(List<DocWriteRequest<?>> actions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(actions.size() * 512);
        // One generator for the whole body, flushed before each source is copied in after it: a
        // generator per item cost 8% of the routing thread in a copy (bench/, JFR).
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.setRootValueSeparator(null);
            for (DocWriteRequest<?> action : actions) {
                metadata(action, json);
                json.flush();
                out.write('\n');
                if (action instanceof IndexRequest) {
                    source(((IndexRequest) action).source(), out);
                    out.write('\n');
                } else if (action instanceof UpdateRequest) {
                    update((UpdateRequest) action, out);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void metadata(DocWriteRequest<?> action, JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart(action.opType().getLowercase());
        writeIfPresent(json, "_index", action.index());
        writeIfPresent(json, "_id", action.id());
        writeIfPresent(json, "routing", action.routing());
        if (action.version() != Versions.MATCH_ANY) {
            json.writeNumberField("version", action.version());
        }
        if (action.versionType() == VersionType.EXTERNAL) {
            json.writeStringField("version_type", "external");
        } else if (action.versionType() == VersionType.EXTERNAL_GTE) {
            json.writeStringField("version_type", "external_gte");
        }
        if (action instanceof IndexRequest) {
            writeIfPresent(json, "pipeline", ((IndexRequest) action).getPipeline());
        } else if (action instanceof UpdateRequest && ((UpdateRequest) action).retryOnConflict() > 0) {
            json.writeNumberField("retry_on_conflict", ((UpdateRequest) action).retryOnConflict());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void update(UpdateRequest update, ByteArrayOutputStream out) throws IOException {
        if (update.script() != null || update.docAsUpsert() || update.scriptedUpsert() || !update.detectNoop()
                || update.fetchSource() != null) {
            throw new IllegalArgumentException("BulkBody writes only the updates IndexActionEmitter makes (doc and upsert): " + update);
        }
        out.write('{');
        if (update.doc() != null) {
            out.write(DOC);
            source(update.doc().source(), out);
        }
        if (update.upsertRequest() != null) {
            if (update.doc() != null) {
                out.write(',');
            }
            out.write(UPSERT);
            source(update.upsertRequest().source(), out);
        }
        out.write('}');
    }

    /** The source's bytes as they are, or re-written on one line if they span several. */
    private static void source(BytesReference source, ByteArrayOutputStream out) throws IOException {
        if (!hasLineBreak(source)) {
            source.writeTo(out);
            return;
        }
        try (JsonParser parser = JSON.createParser(BytesReference.toBytes(source));
                JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            parser.nextToken();
            json.copyCurrentStructure(parser);
        }
    }

    /** Over the bytes themselves (a BytesArray's ref copies nothing): the reference's own indexOf reads a byte per virtual call. */
    private static boolean hasLineBreak(BytesReference source) {
        BytesRef ref = source.toBytesRef();
        for (int i = ref.offset, end = ref.offset + ref.length; i < end; i++) {
            if (ref.bytes[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(field, value);
        }
    }
}
