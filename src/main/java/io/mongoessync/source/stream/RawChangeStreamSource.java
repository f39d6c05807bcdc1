package io.mongoessync.source.stream;

import org.apache.flink.cdc.connectors.base.config.SourceConfig;
import org.apache.flink.cdc.connectors.base.source.IncrementalSource;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceRecords;
import org.apache.flink.cdc.connectors.base.source.meta.split.SourceSplitState;
import org.apache.flink.cdc.connectors.base.source.metrics.SourceReaderMetrics;
import org.apache.flink.cdc.connectors.mongodb.source.config.MongoDBSourceConfig;
import org.apache.flink.cdc.connectors.mongodb.source.config.MongoDBSourceConfigFactory;
import org.apache.flink.cdc.connectors.mongodb.source.offset.ChangeStreamOffsetFactory;
import org.apache.flink.cdc.connectors.mongodb.source.reader.MongoDBRecordEmitter;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Flink CDC 3.1.1's MongoDB source, whose change stream is read as raw BSON ({@link RawStreamDialect}).
 * Its enumerator, splits, offsets, serializers and record emitter are Flink CDC's own, as
 * {@code MongoDBSource} puts them together, so its checkpoints and savepoints are that source's.
 */
public final class RawChangeStreamSource<T> extends IncrementalSource<T, MongoDBSourceConfig> {

    private static final long serialVersionUID = 1L;

    public RawChangeStreamSource(MongoDBSourceConfigFactory config, DebeziumDeserializationSchema<T> deserializer) {
        super(config, deserializer, new ChangeStreamOffsetFactory(), new RawStreamDialect());
    }

    @Override
    protected RecordEmitter<SourceRecords, T, SourceSplitState> createRecordEmitter(SourceConfig config, SourceReaderMetrics metrics) {
        return new MongoDBRecordEmitter<>(deserializationSchema, metrics, offsetFactory);
    }
}
