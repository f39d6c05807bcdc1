package io.mongoessync.sink;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;

import java.io.IOException;
import java.util.List;

/**
 * The connector's sink, with {@link BulkMetrics} and {@link DeadLetters} handed to its bulk
 * listener, and a writer that writes the dead-letter records the listener queues.
 *
 * <p>A record queued while a checkpoint flushes is written and flushed before that flush returns,
 * so a checkpoint never completes with a refused document neither written nor recorded.
 */
public final class MeasuredSink implements Sink<IndexAction> {

    private static final long serialVersionUID = 1L;

    private final Sink<IndexAction> sink;
    private final String deadLetterIndex;
    private final boolean failFast;

    public MeasuredSink(Sink<IndexAction> sink, String deadLetterIndex, boolean failFast) {
        this.sink = sink;
        this.deadLetterIndex = deadLetterIndex;
        this.failFast = failFast;
    }

    @Override
    public SinkWriter<IndexAction> createWriter(InitContext context) throws IOException {
        WriterContext writer = new WriterContext(new BulkMetrics(context.metricGroup()), new DeadLetters(deadLetterIndex, failFast));
        writer.enter();
        try {
            return new Writer(sink.createWriter(context), writer.deadLetters, writer.clients);
        } finally {
            WriterContext.leave();
        }
    }

    private static final class Writer implements SinkWriter<IndexAction> {

        private static final Context NO_CONTEXT = new Context() {
            @Override
            public long currentWatermark() {
                return Long.MIN_VALUE;
            }

            @Override
            public Long timestamp() {
                return null;
            }
        };

        private final SinkWriter<IndexAction> writer;
        private final DeadLetters deadLetters;
        private final List<AutoCloseable> clients;

        Writer(SinkWriter<IndexAction> writer, DeadLetters deadLetters, List<AutoCloseable> clients) {
            this.writer = writer;
            this.deadLetters = deadLetters;
            this.clients = clients;
        }

        @Override
        public void write(IndexAction action, Context context) throws IOException, InterruptedException {
            writer.write(action, context);
            writeDeadLetters();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
            while (!deadLetters.isEmpty()) {
                writeDeadLetters();
                writer.flush(endOfInput);
            }
        }

        private void writeDeadLetters() throws IOException, InterruptedException {
            if (!deadLetters.isEmpty()) {
                for (IndexAction record : deadLetters.drain()) {
                    writer.write(record, NO_CONTEXT);
                }
            }
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public void close() throws Exception {
            try {
                writer.close();
            } finally {
                for (AutoCloseable client : clients) {
                    client.close();
                }
            }
        }
    }
}
