package io.mongoessync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoessync.SyncJob;
import io.mongoessync.config.SyncConfig;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/**
 * A MiniCluster of one TaskManager with two slots, whose TaskManager a test kills as a machine
 * failure would, while Flink restarts the job from its last checkpoint (up to 100 times, 1 s apart).
 */
public final class KillableCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster cluster;
    /** MiniCluster keeps terminated TaskManagers in its list, so the live one is always the last started. */
    private int liveTaskManager;

    public KillableCluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).withRandomPorts().build());
        cluster.start();
    }

    public MiniCluster miniCluster() {
        return cluster;
    }

    /** Submits the job with these settings, restored from the savepoint unless it is null. */
    public JobID submit(SyncConfig config, String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        SyncJob.define(env, config);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
        }
        return cluster.submitJob(graph).get().getJobID();
    }

    public void awaitRunning(JobID job, Duration timeout) {
        Await.until(timeout, () -> status(job) == JobStatus.RUNNING, () -> "job is " + status(job));
    }

    public JobStatus status(JobID job) {
        try {
            return cluster.getJobStatus(job).get();
        } catch (Exception e) {
            return null;
        }
    }

    /** Kills the TaskManager and starts another in its place, as a machine failure and its replacement. */
    public void killTaskManager() throws Exception {
        cluster.terminateTaskManager(liveTaskManager).get();
        cluster.startTaskManager();
        liveTaskManager++;
    }

    /** Checkpoints completed so far, as the web UI's REST API counts them; -1 when it cannot tell. */
    public long completedCheckpoints(JobID job) {
        try {
            String url = cluster.getRestAddress().get() + "/jobs/" + job + "/checkpoints";
            JsonNode counts = JSON.readTree(new java.net.URL(url)).path("counts");
            return counts.path("completed").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
