package io.mongoessync.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The CDC source, unchanged, except that a lost change-stream history ends the job with an
 * explanation instead of restarting it forever.
 *
 * <p>Flink CDC 3.1.1 reports a resume point that fell off the oplog as "Open change stream failed",
 * and Flink restarts the job into the same failure again and again. The readers this source hands
 * out turn that failure into {@link HistoryLost}, which Flink does not restart. Everything else,
 * including the state serializers, is the wrapped source's, so savepoints stay compatible.
 *
 * <p>It also runs a hook when the source starts without a checkpoint (a resync's index clearing):
 * the enumerator is created then and only then, before any split is read; a restore restores it.
 * A copy-only job has no change stream, so there the copy source is wrapped for the hook alone.
 */
public final class HistoryLostSource<T, SplitT extends SourceSplit, EnumChkT>
        implements Source<T, SplitT, EnumChkT>, ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final Source<T, SplitT, EnumChkT> source;
    private final TypeInformation<T> producedType;
    /** Serializable; null for none. */
    private final Runnable onFreshStart;

    /** @param onFreshStart run before a start without a checkpoint hands out splits; serializable, or null */
    public <S extends Source<T, SplitT, EnumChkT> & ResultTypeQueryable<T>> HistoryLostSource(S source, Runnable onFreshStart) {
        this.source = source;
        this.producedType = source.getProducedType();
        this.onFreshStart = onFreshStart;
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
        return new HistoryLostReader<>(source.createReader(context));
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context) throws Exception {
        if (onFreshStart != null) {
            onFreshStart.run();
        }
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint)
            throws Exception {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return producedType;
    }
}
