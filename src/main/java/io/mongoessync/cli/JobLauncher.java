package io.mongoessync.cli;

import io.mongoessync.SyncJob;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.runtime.jobgraph.SavepointConfigOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the job on the cluster of {@code flink run}. */
final class JobLauncher {

    /** What starts the job on this machine instead: the local runner, which this jar leaves out. */
    static final String LOCAL_RUNNER = "java -jar target/mongo-es-sync-local.jar";

    private JobLauncher() {}

    static void run(SyncConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (env instanceof LocalStreamEnvironment) {
            // Started with java rather than flink run: without the local runner there would be no web
            // UI, no progress and no summary, which is the silent run users rightly complained about.
            throw new ConfigException("This jar is the job that 'flink run' submits to a Flink cluster. "
                    + "To run it on this machine, start the local runner with the same settings: "
                    + LOCAL_RUNNER + " [--params FILE] [--KEY VALUE ...]");
        }
        Preflight.check(config);
        // The job itself clears the indexes on its fresh start; here only what cannot work is refused.
        Resync.check(config, env.getConfiguration().get(SavepointConfigOptions.SAVEPOINT_PATH));
        SyncJob.define(env, config);
        env.execute(config.jobName());
    }
}
