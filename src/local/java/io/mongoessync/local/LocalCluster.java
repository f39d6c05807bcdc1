package io.mongoessync.local;

import io.mongoessync.SyncJob;
import io.mongoessync.cli.Preflight;
import io.mongoessync.cli.Resync;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The local run's Flink: a MiniCluster with the web UI, started on its own thread as soon as the
 * process starts. Its two seconds of start-up (RPC, REST, task manager) overlap the preflight
 * checks, the index setup and the job's definition, which {@code env.execute()} would run one
 * after the other. Bench (peers) shows the difference as "first document".
 */
final class LocalCluster implements AutoCloseable {

    static final int WEB_UI_PORT = 8081;

    static final Path CHECKPOINTS = Paths.get(System.getProperty("java.io.tmpdir"), "mongo-es-sync", "checkpoints");

    /** RocksDB's memory for all slots; measured in bench/ (peers): Flink's local 128 MB took twice the CPU. */
    static final MemorySize MANAGED_MEMORY = MemorySize.parse("256m");

    private final Configuration configuration;
    private final int slots;
    private final CompletableFuture<MiniCluster> started;

    private LocalCluster(Configuration configuration, int slots) {
        this.configuration = configuration;
        this.slots = slots;
        this.started = CompletableFuture.supplyAsync(this::startCluster, runnable -> {
            Thread thread = new Thread(runnable, "local-flink-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Checks the servers and submits the job to a new local cluster without waiting for the job. */
    static Job launch(SyncConfig config) throws Exception {
        LocalCluster cluster = start(webUiPort());
        try {
            Preflight.check(config);
            Resync.check(config, null);
            StreamExecutionEnvironment env = cluster.environment();
            SyncJob.define(env, config);
            return cluster.submit(env, config.jobName());
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** 8081 as in a Flink distribution, or the next free port when something already holds it. */
    static int webUiPort() {
        for (int port = WEB_UI_PORT; port < WEB_UI_PORT + 20; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return port;
            } catch (IOException e) {
                // taken; try the next
            }
        }
        return 0;
    }

    /** Starts the cluster in the background, with the web UI on {@code webUiPort} and one slot per core. */
    static LocalCluster start(int webUiPort) {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_PORT, String.valueOf(webUiPort));
        configuration.set(RestOptions.ADDRESS, "127.0.0.1");
        // Flink's local default (128 MB for every slot's RocksDB together) caps each column family's
        // memtable so low that RocksDB flushes and compacts all the time: that doubled the copy's CPU.
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        // The terminal shows the copy's progress from the metrics the web UI reads, fresh every second
        // instead of Flink's 10 s.
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, 1000L);
        return new LocalCluster(configuration, Runtime.getRuntime().availableProcessors());
    }

    private MiniCluster startCluster() {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .setRpcServiceSharing(RpcServiceSharing.SHARED)
                .build());
        try {
            cluster.start();
            return cluster;
        } catch (Exception e) {
            cluster.closeAsync();
            throw new IllegalStateException("The local Flink cluster did not start: " + e.getMessage(), e);
        }
    }

    /** An environment for the job, as wide as the cluster, its checkpoints on local disk. */
    StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(slots, configuration);
        // Checkpoints hold RocksDB's files: more than the JobManager's 5 MB memory storage.
        env.getCheckpointConfig().setCheckpointStorage(CHECKPOINTS.toUri());
        return env;
    }

    /** A job submitted here, where its web UI is, and a way to checkpoint it now. */
    record Job(JobClient client, URI webUi, MiniCluster cluster) {

        /**
         * A checkpoint now, done when it completes or fails. A copy-only job's tasks wait for a
         * checkpoint after they finish (Flink's final checkpoint) before the job ends: asked for at
         * once instead of at the next interval, the copy ends up to an interval sooner.
         */
        CompletableFuture<String> checkpoint() {
            return cluster.triggerCheckpoint(client.getJobID());
        }
    }

    /** Submits the environment's job; the cluster shuts down when the job ends. */
    Job submit(StreamExecutionEnvironment env, String jobName) throws Exception {
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(jobName);
        JobGraph job = graph.getJobGraph();
        MiniCluster cluster = cluster();
        cluster.submitJob(job).get();
        return new Job(new MiniClusterJobClient(job.getJobID(), cluster, Thread.currentThread().getContextClassLoader(),
                MiniClusterJobClient.JobFinalizationBehavior.SHUTDOWN_CLUSTER), cluster.getRestAddress().get(), cluster);
    }

    private MiniCluster cluster() throws Exception {
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** Stops a cluster whose job never ran (a failed check); a submitted job stops it itself. */
    @Override
    public void close() {
        started.thenAccept(MiniCluster::closeAsync);
    }
}
