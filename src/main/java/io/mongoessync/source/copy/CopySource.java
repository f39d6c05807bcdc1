package io.mongoessync.source.copy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.Namespace;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.Collections;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.ArrayList;
import java.util.List;

/**
 * The copy (Monstache's direct reads): every document of the collections, read as raw BSON, one
 * split per collection, its position in checkpoints. Bounded: it ends when every collection is
 * read, while the change stream, a source of its own, goes on.
 */
public final class CopySource implements Source<ChangeEvent, CopySplit, List<CopySplit>>, ResultTypeQueryable<ChangeEvent> {

    private static final long serialVersionUID = 1L;

    private final String mongoUrl;
    private final List<Namespace> namespaces;
    private final int batchSize;

    /** @param namespaces collections, or whole databases ({@code db.*}) resolved to their collections at start */
    public CopySource(String mongoUrl, List<Namespace> namespaces, int batchSize) {
        this.mongoUrl = mongoUrl;
        this.namespaces = new ArrayList<>(namespaces);
        this.batchSize = batchSize;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<ChangeEvent, CopySplit> createReader(SourceReaderContext context) {
        return new CopySourceReader(mongoUrl, batchSize, context);
    }

    @Override
    public SplitEnumerator<CopySplit, List<CopySplit>> createEnumerator(SplitEnumeratorContext<CopySplit> context) {
        List<CopySplit> splits = new ArrayList<>();
        try (MongoClient client = MongoClients.create(mongoUrl)) {
            for (Namespace namespace : Collections.expand(client, namespaces)) {
                splits.add(new CopySplit(namespace, null));
            }
        }
        return new CopyEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<CopySplit, List<CopySplit>> restoreEnumerator(SplitEnumeratorContext<CopySplit> context,
            List<CopySplit> pending) {
        return new CopyEnumerator(context, pending);
    }

    @Override
    public SimpleVersionedSerializer<CopySplit> getSplitSerializer() {
        return CopySplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<CopySplit>> getEnumeratorCheckpointSerializer() {
        return CopySplitSerializer.Pending.INSTANCE;
    }

    @Override
    public TypeInformation<ChangeEvent> getProducedType() {
        return TypeInformation.of(ChangeEvent.class);
    }
}
