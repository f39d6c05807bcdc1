package io.mongoessync.cli;

import io.mongoessync.SyncJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job where it was started: on the cluster of {@code flink run}, or in a local MiniCluster
 * with the web UI, which starts while MongoDB and Elasticsearch are checked.
 */
public final class JobLauncher {

    static final int WEB_UI_PORT = 8081;

    private JobLauncher() {}

    static void run(SyncConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            int exitCode = new LocalRun(config).run();
            if (exitCode != 0) {
                System.exit(exitCode);
            }
            return;
        }
        Preflight.check(config);
        // The job itself clears the indexes on its fresh start; here only what cannot work is refused.
        Resync.check(config, env.getConfiguration().get(SavepointConfigOptions.SAVEPOINT_PATH));
        SyncJob.define(env, config);
        env.execute(config.jobName());
    }

    /** Checks the servers and submits to a local cluster without waiting for the job; for a local run and the demo. */
    static LocalCluster.Job start(SyncConfig config) throws Exception {
        LocalCluster cluster = LocalCluster.start(webUiPort());
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
}
