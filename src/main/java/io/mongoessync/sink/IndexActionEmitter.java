package io.mongoessync.sink;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.elasticsearch.sink.ElasticsearchEmitter;
import org.apache.flink.connector.elasticsearch.sink.RequestIndexer;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.action.update.UpdateRequest;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.index.VersionType;

/**
 * Turns actions into bulk items carrying {@code version_type=external}: Elasticsearch then keeps
 * whichever write has the higher version, so a replayed older write cannot undo a newer one.
 */
public class IndexActionEmitter implements ElasticsearchEmitter<IndexAction> {

    private static final long serialVersionUID = 1L;
    /** Other writers may update the same document between Elasticsearch's read and write. */
    static final int UPDATE_RETRIES = 5;

    @Override
    public void emit(IndexAction action, SinkWriter.Context context, RequestIndexer indexer) {
        if (action.delete) {
            DeleteRequest request = new DeleteRequest(action.index).id(action.id).routing(action.routing);
            if (!action.asUpdate) {
                request.version(action.version).versionType(VersionType.EXTERNAL);
            }
            DeadLetters.remember(request, action);
            indexer.add(request);
        } else if (action.asUpdate) {
            UpdateRequest request = new UpdateRequest(action.index, action.id)
                    .routing(action.routing)
                    .doc(action.partial != null ? action.partial : action.source, XContentType.JSON)
                    .upsert(action.source, XContentType.JSON)
                    .retryOnConflict(UPDATE_RETRIES);
            DeadLetters.remember(request, action);
            indexer.add(request);
        } else {
            IndexRequest request = new IndexRequest(action.index)
                    .id(action.id)
                    .routing(action.routing)
                    .setPipeline(action.pipeline)
                    .version(action.version)
                    .versionType(VersionType.EXTERNAL)
                    .source(action.source, XContentType.JSON);
            DeadLetters.remember(request, action);
            indexer.add(request);
        }
    }
}
