package io.mongoessync.cli;

import io.mongoessync.SyncJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the job where it was started: on the cluster of {@code flink run}, or in a local MiniCluster with the web UI. */
public final class JobLauncher {

    static final int WEB_UI_PORT = 8081;
    static final java.nio.file.Path LOCAL_CHECKPOINTS =
            java.nio.file.Paths.get(System.getProperty("java.io.tmpdir"), "mongo-es-sync", "checkpoints");

    /** RocksDB's memory in a local run, for all slots; measured in bench/ (peers): 128 MB took twice the CPU. */
    static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.parse("256m");

    private JobLauncher() {}

    static void run(SyncConfig config) throws Exception {
        StreamExecutionEnvironment env = environment();
        // The job itself clears the indexes on its fresh start; here only what cannot work is refused.
        Resync.check(config, env.getConfiguration().get(SavepointConfigOptions.SAVEPOINT_PATH));
        SyncJob.define(env, config);
        env.execute(config.jobName());
    }

    /** Submits without waiting, for the demo. */
    static JobClient start(SyncConfig config) throws Exception {
        StreamExecutionEnvironment env = environment();
        SyncJob.define(env, config);
        return env.executeAsync(config.jobName());
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

    private static StreamExecutionEnvironment environment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!(env instanceof LocalStreamEnvironment)) {
            return env;
        }
        Configuration local = new Configuration();
        local.set(RestOptions.BIND_PORT, String.valueOf(webUiPort()));
        local.set(RestOptions.ADDRESS, "127.0.0.1");
        // Flink's local default (128 MB for every slot's RocksDB together) caps each column family's
        // memtable so low that RocksDB flushes and compacts all the time: that doubled the copy's CPU.
        local.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
        StreamExecutionEnvironment localEnv = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(local);
        // Checkpoints hold the copy's not-yet-released writes: more than the JobManager's 5 MB memory storage.
        localEnv.getCheckpointConfig().setCheckpointStorage(LOCAL_CHECKPOINTS.toUri());
        return localEnv;
    }
}
