package io.mongoessync.local;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.cli.ElasticsearchHttp;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.util.ExceptionUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A local run ({@code java -jar target/mongo-es-sync-local.jar}, the demo included) as its terminal shows it: where the
 * web UI is, the copy's progress and its "Copy done" table, then the streaming status until Ctrl-C.
 * With {@code exit-after-direct-reads} it ends with a summary instead, and the exit code says
 * whether every document was written: 0 when the job finished and nothing went to the dead-letter
 * index.
 */
final class LocalRun {

    private final SyncConfig config;
    private final Map<String, String> shown = new LinkedHashMap<>();
    private Consumer<ElasticsearchHttp> afterCopy = http -> { };
    private Runnable onStop = () -> { };
    private volatile boolean stopping;
    private final AtomicBoolean finalCheckpointAsked = new AtomicBoolean();

    LocalRun(SyncConfig config) {
        this.config = config;
    }

    /** A line under the web UI's, e.g. where the demo's servers are. */
    LocalRun show(String label, String value) {
        shown.put(label, value);
        return this;
    }

    /** Runs once the copy is done, before streaming starts (the demo's chart). */
    LocalRun afterCopy(Consumer<ElasticsearchHttp> action) {
        this.afterCopy = action;
        return this;
    }

    /** Runs on Ctrl-C after the job is cancelled (the demo stops its servers). */
    LocalRun onStop(Runnable action) {
        this.onStop = action;
        return this;
    }

    /** Runs until the job ends; the exit code for the process. */
    int run() throws Exception {
        Terminal terminal = Terminal.install();
        ElasticsearchHttp http = ElasticsearchHttp.of(config);
        long started = System.nanoTime();
        LocalCluster.Job job = LocalCluster.launch(config);
        CountDownLatch stopped = stopOnCtrlC(job, terminal);
        long deadLettersBefore = Math.max(0, http.count(config.route().deadLetterIndex()));
        terminal.line(String.format("%-15s %s", "Flink web UI:", job.webUi()));
        shown.forEach((label, value) -> terminal.line(String.format("%-15s %s", label + ":", value)));
        FlinkRest rest = new FlinkRest(job.webUi().toString(), job.client().getJobID().toString());
        try (MongoClient client = MongoClients.create(config.mongoUrl())) {
            CopyProgress copy = copies() ? new CopyProgress(config, client, http, rest, terminal,
                    () -> job.client().getJobExecutionResult().isDone()) : null;
            if (copy != null) {
                copy.await(config.exitAfterDirectReads() ? finalCheckpoint(job) : () -> { });
            }
            if (config.exitAfterDirectReads()) {
                return summary(job, copy, http, terminal, deadLettersBefore, started);
            }
            if (copy != null) {
                copy.table(true);
            }
            afterCopy.accept(http);
            terminal.line("");
            terminal.line("Streaming changes from MongoDB to Elasticsearch. Press Ctrl-C to stop.");
            Thread status = new Thread(new LiveStatus(rest, terminal), "local-run-status");
            status.setDaemon(true);
            status.start();
            try {
                job.client().getJobExecutionResult().get();
            } catch (ExecutionException e) {
                if (!stopping) {
                    // As env.execute() reports it: the job's failure, not the future's wrapper.
                    ExceptionUtils.rethrowException(ExceptionUtils.stripExecutionException(e));
                }
            }
            stopped.await();
            return 0;
        }
    }

    /**
     * The copy's tasks end one after the other, and each waits for a checkpoint taken after it
     * ended: asking for one right away, again until the job is done, ends the run without waiting
     * for the periodic ones. The first run starts the asking; later ones do nothing.
     */
    private Runnable finalCheckpoint(LocalCluster.Job job) {
        return () -> {
            if (finalCheckpointAsked.compareAndSet(false, true)) {
                Thread thread = new Thread(() -> checkpointUntilDone(job), "local-run-final-checkpoint");
                thread.setDaemon(true);
                thread.start();
            }
        };
    }

    private static void checkpointUntilDone(LocalCluster.Job job) {
        while (!job.client().getJobExecutionResult().isDone()) {
            try {
                job.checkpoint().get();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // declined while tasks finish, or the job is done: the next try, or the loop ends
            }
        }
    }

    private boolean copies() {
        return !config.directReadNamespaces().isEmpty() && config.streamStartMillis() == null;
    }

    private CountDownLatch stopOnCtrlC(LocalCluster.Job job, Terminal terminal) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            try {
                if (!job.client().getJobStatus().get().isGloballyTerminalState()) {
                    terminal.endLive();
                    terminal.line("");
                    terminal.line("Stopping: cancelling the job ...");
                    job.client().cancel().get();
                }
            } catch (Exception e) {
                // already stopped
            }
            onStop.run();
            stopped.countDown();
        }, "local-run-stop"));
        return stopped;
    }

    private int summary(LocalCluster.Job job, CopyProgress copy, ElasticsearchHttp http, Terminal terminal,
            long deadLettersBefore, long started) throws Exception {
        finalCheckpoint(job).run();
        try {
            job.client().getJobExecutionResult().get();
        } catch (ExecutionException e) {
            Throwable cause = ExceptionUtils.stripExecutionException(e);
            Throwable root = ExceptionUtils.findThrowable(cause, t -> t.getCause() == null).orElse(cause);
            terminal.line("The copy failed: " + root.getMessage());
            return 1;
        }
        boolean complete = copy.table(false);
        String deadLetterIndex = config.route().deadLetterIndex();
        long deadLetters = Math.max(0, http.count(deadLetterIndex)) - deadLettersBefore;
        double seconds = (System.nanoTime() - started) / 1e9;
        terminal.line("");
        if (deadLetters > 0) {
            terminal.line(String.format("Copy finished in %.1f s, but %d document(s) went to the dead-letter index '%s'; "
                    + "each entry there says why.", seconds, deadLetters, deadLetterIndex));
            return 1;
        }
        terminal.line(String.format("Copy finished in %.1f s; nothing went to the dead-letter index%s.", seconds,
                complete ? "" : " (an index's count differs from its collection's: filters, a shared index, or writes during the copy)"));
        return 0;
    }
}
