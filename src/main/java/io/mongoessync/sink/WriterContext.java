package io.mongoessync.sink;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link MeasuredSink} hands to the bulk processor the connector builds inside its writer's
 * constructor: the writer's metrics, its dead-letter queue, and a list for the clients to close with
 * the writer. The connector offers no way to pass them, so they go over the constructing thread.
 */
final class WriterContext {

    private static final ThreadLocal<WriterContext> CURRENT = new ThreadLocal<>();

    final BulkMetrics metrics;
    final DeadLetters deadLetters;
    final List<AutoCloseable> clients = new ArrayList<>();

    WriterContext(BulkMetrics metrics, DeadLetters deadLetters) {
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    void enter() {
        CURRENT.set(this);
    }

    static void leave() {
        CURRENT.remove();
    }

    /** The context of the writer being constructed on this thread, or null outside one (unit tests). */
    static WriterContext current() {
        return CURRENT.get();
    }
}
