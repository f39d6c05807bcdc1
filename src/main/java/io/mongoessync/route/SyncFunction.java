package io.mongoessync.route;

import io.mongoessync.config.RouteSettings;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.source.ChangeEvent;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per document, what Elasticsearch should do with each change: which index, which
 * version, index or delete. Keyed by namespace and {@code _id}, so all changes of one document are
 * handled in order by one subtask, and its per-document state lives in RocksDB.
 */
public class SyncFunction extends KeyedProcessFunction<String, ChangeEvent, IndexAction> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SyncFunction.class);

    private final RouteSettings settings;
    /** Only for the copy's progress metric; the documents themselves come from the source. */
    private final String mongoUrl;

    private transient NamespaceFilter filter;
    private transient SoftDeletes softDeletes;
    /** The last version written for this document. */
    private transient ValueState<Long> version;
    /** The last source written, kept only in soft-delete mode to keep the document on delete. */
    private transient ValueState<String> lastSource;
    private transient SyncMetrics metrics;

    public SyncFunction(RouteSettings settings, String mongoUrl) {
        this.settings = settings;
        this.mongoUrl = mongoUrl;
    }

    @Override
    public void open(Configuration parameters) {
        filter = new NamespaceFilter(settings);
        softDeletes = new SoftDeletes(settings);
        ValueStateDescriptor<Long> versionDescriptor = new ValueStateDescriptor<>("version", Types.LONG);
        versionDescriptor.enableTimeToLive(DocumentVersions.stateTtl());
        version = getRuntimeContext().getState(versionDescriptor);
        lastSource = getRuntimeContext().getState(new ValueStateDescriptor<>("last-source", Types.STRING));
        metrics = new SyncMetrics(getRuntimeContext().getMetricGroup());
        if (getRuntimeContext().getIndexOfThisSubtask() == 0 && mongoUrl != null) {
            // One subtask reports the estimates, so that summing the metric over subtasks stays right.
            metrics.estimates(settings.directReadNamespaces(), mongoUrl);
        }
    }

    @Override
    public void processElement(ChangeEvent event, Context context, Collector<IndexAction> out) throws Exception {
        if (!filter.accepts(event.namespace, event.snapshot)) {
            metrics.filtered(event);
            return;
        }
        String index = settings.indexFor(event.namespace);
        Long previous = version.value();
        long next = DocumentVersions.next(event.clusterTime, previous == null ? 0 : previous);
        // Every accepted change takes its version, even one that writes nothing: a replay after a
        // failure must hand out the same versions as the first run, although an update's looked-up
        // document may have vanished in between. Otherwise a replayed delete could get a version the
        // first run gave an earlier write, and Elasticsearch would refuse it as a conflict.
        version.update(next);
        if (event.operation != ChangeEvent.Operation.DELETE && event.document == null) {
            // The update's document was deleted before the change stream looked it up; its delete follows.
            return;
        }
        IndexAction action;
        if (event.operation == ChangeEvent.Operation.DELETE) {
            action = settings.softDelete()
                    ? IndexAction.index(index, event.documentId, next, softDeletes.markDeleted(lastSource.value(), event))
                    : IndexAction.delete(index, event.documentId, next);
        } else {
            String source;
            try {
                source = BsonJsonWriter.toSourceJson(BsonDocument.parse(event.document), settings.idField());
            } catch (RuntimeException e) {
                metrics.invalid(event);
                LOG.error("Skipping {} of document {} in {}: it cannot be converted to JSON ({})",
                        event.operation, event.documentId, event.namespace, e.getMessage());
                return;
            }
            if (settings.softDelete()) {
                lastSource.update(source);
            }
            action = IndexAction.index(index, event.documentId, next, source);
        }
        metrics.applied(event);
        out.collect(action.fromCopy(event.snapshot));
    }
}
