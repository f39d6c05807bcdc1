package io.mongoessync.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.io.IOException;

/** The connector's sink, with {@link BulkMetrics} handed to its bulk listener. */
public final class MeasuredSink<IN> implements Sink<IN> {

    private static final long serialVersionUID = 1L;

    private final Sink<IN> sink;

    public MeasuredSink(Sink<IN> sink) {
        this.sink = sink;
    }

    @Override
    public SinkWriter<IN> createWriter(InitContext context) throws IOException {
        BulkMetrics.handOver(new BulkMetrics(context.metricGroup()));
        try {
            return sink.createWriter(context);
        } finally {
            BulkMetrics.clear();
        }
    }
}
