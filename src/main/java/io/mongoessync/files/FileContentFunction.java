package io.mongoessync.files;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.sink.DeadLetters;
import io.mongoessync.sink.IndexAction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives each write of a GridFS files document its file's text, read and extracted on threads of
 * its own, so a slow file holds up neither the routing operator nor other documents. Flink's async
 * operator keeps the writes in flight in its checkpoints and hands them here again after a
 * restore, so none is lost or written without its text.
 *
 * <p>Writes of one document stay in order (each waits for the one before it); writes of different
 * documents finish as they finish. A file that is too large, malformed, encrypted or slower than
 * {@code file-extraction-timeout} is indexed with its metadata only, and recorded in the dead-letter
 * index with the reason: no file can stop the job.
 */
public final class FileContentFunction extends RichAsyncFunction<IndexAction, IndexAction> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FileContentFunction.class);

    private final String mongoUrl;
    private final FileSettings settings;
    private final RouteSettings route;

    private transient MongoClient client;
    private transient GridFsFiles files;
    private transient TextExtractor extractor;
    private transient ExecutorService workers;
    private transient ScheduledExecutorService alarms;
    /** At most file-downloaders files read and extracted at once; one abandoned at its time limit gives its place back. */
    private transient Semaphore places;
    /** Per document, when its last write handed here is done; the next one starts after it. */
    private transient Map<String, CompletableFuture<Void>> lastOfDocument;
    /** Set when the task ends: what extractions still running then fail with is the shutdown, not their file. */
    private transient volatile boolean closed;

    public FileContentFunction(String mongoUrl, FileSettings settings, RouteSettings route) {
        this.mongoUrl = mongoUrl;
        this.settings = settings;
        this.route = route;
    }

    /** How long Flink's operator waits for a write before {@link #timeout}: far past any extraction's own limit. */
    public static long operatorTimeoutMillis(FileSettings settings) {
        return settings.timeout().toMillis() * 10 + 300_000;
    }

    @Override
    public void open(Configuration parameters) {
        client = MongoClients.create(mongoUrl);
        files = new GridFsFiles(client, settings.maxBytes());
        extractor = new TextExtractor(settings);
        // Unbounded on purpose: the places bound the work, and an extraction abandoned at its time
        // limit must not keep a thread the next file needs.
        workers = Executors.newCachedThreadPool(daemon("file-extraction"));
        alarms = Executors.newSingleThreadScheduledExecutor(daemon("file-extraction-timeout"));
        lastOfDocument = new ConcurrentHashMap<>();
        places = new Semaphore(settings.downloaders());
    }

    /**
     * Writes held in the operator at once: far more than the files extracted at once, so that the
     * other writes pass while files are extracted.
     */
    public static int capacity(FileSettings settings) {
        return Math.max(1_000, settings.downloaders() * 100);
    }

    @Override
    public void close() {
        closed = true;
        if (workers != null) {
            workers.shutdownNow();
            alarms.shutdownNow();
            client.close();
        }
    }

    @Override
    public void asyncInvoke(IndexAction action, ResultFuture<IndexAction> result) {
        if (!isFileWrite(action)) {
            result.complete(List.of(action));
            return;
        }
        Write write = new Write(action, result);
        String key = action.namespace + '\u0000' + action.id;
        CompletableFuture<Void> before = lastOfDocument.put(key, write.done);
        write.done.whenComplete((ignored, error) -> lastOfDocument.remove(key, write.done));
        Runnable run = action.delete ? () -> write.finish(List.of(action)) : () -> workers.execute(() -> extractInPlace(write));
        if (before == null) {
            run.run();
        } else {
            before.whenComplete((ignored, error) -> run.run());
        }
    }

    @Override
    public void timeout(IndexAction action, ResultFuture<IndexAction> result) {
        // Never fail the job over one file: write it without its text, and say so.
        new Write(action, result).failed("it was not read and extracted within " + operatorTimeoutMillis(settings) + " ms");
    }

    /** The namespace's own document write, not its dead letter or history record. */
    private boolean isFileWrite(IndexAction action) {
        return action.namespace != null && settings.isFileNamespace(action.namespace)
                && !action.index.equals(route.deadLetterIndex()) && !route.history().isHistoryIndex(action.namespace, action.index);
    }

    private void extractInPlace(Write write) {
        Thread.interrupted(); // an alarm that came late for the thread's previous file
        AtomicBoolean givenBack = new AtomicBoolean();
        Runnable giveBack = () -> {
            if (givenBack.compareAndSet(false, true)) {
                places.release();
            }
        };
        try {
            places.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write.error(e);
            return;
        }
        try {
            extract(write, giveBack);
        } finally {
            giveBack.run();
        }
    }

    private void extract(Write write, Runnable giveBack) {
        IndexAction action = write.action;
        GridFsFiles.Stored stored;
        try {
            stored = files.read(Namespace.parse("file-namespaces", action.namespace), action.id);
        } catch (TextExtractor.Failure e) {
            write.failed(e.getMessage());
            return;
        } catch (RuntimeException e) {
            // MongoDB unreachable, not this file's fault: the job restarts and reads it again.
            write.error(e);
            return;
        }
        if (stored == null) {
            write.finish(List.of(action)); // deleted since; its delete follows
            return;
        }
        Thread worker = Thread.currentThread();
        var alarm = alarms.schedule(() -> {
            if (write.failed("its text took longer than file-extraction-timeout (" + settings.timeout().toMillis() + " ms) to extract")) {
                // Tika may not stop at the interrupt; the thread is left to end on its own, without its place.
                worker.interrupt();
                giveBack.run();
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            TextExtractor.Text text = extractor.extract(stored.bytes, stored.filename);
            write.finish(List.of(FileFields.withText(action, text)));
        } catch (TextExtractor.Failure e) {
            write.failed(e.getMessage());
        } finally {
            alarm.cancel(false);
            Thread.interrupted();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One write on its way: completed once, whichever of the extraction, its time limit or the operator's comes first. */
    private final class Write {
        final IndexAction action;
        final ResultFuture<IndexAction> result;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean completed = new AtomicBoolean();

        Write(IndexAction action, ResultFuture<IndexAction> result) {
            this.action = action;
            this.result = result;
        }

        boolean finish(List<IndexAction> actions) {
            if (!completed.compareAndSet(false, true)) {
                return false;
            }
            result.complete(actions);
            done.complete(null);
            return true;
        }

        /** Indexed with its metadata only, and dead-lettered with the reason. */
        boolean failed(String reason) {
            String message = "the text of GridFS file " + action.id + " in " + action.namespace + " was not indexed: " + reason;
            if (completed.get() || closed) {
                return false;
            }
            LOG.warn("Dead-lettered {}", message);
            return finish(List.of(action, DeadLetters.record(route.deadLetterIndex(), action.namespace, action.id, action.index,
                    "file", action.version, message, 0, null).from(action.namespace)));
        }

        void error(Exception e) {
            if (completed.compareAndSet(false, true)) {
                result.completeExceptionally(e);
                done.complete(null);
            }
        }
    }
}
