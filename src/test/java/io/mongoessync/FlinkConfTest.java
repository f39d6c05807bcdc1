package io.mongoessync;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Session clusters (flink-conf/) and local runs (SyncJob) checkpoint alike. */
class FlinkConfTest {

    @Test
    void checkpointTimeoutAndTolerableFailuresAreSetDeliberatelyAndAlike() {
        Configuration conf = GlobalConfiguration.loadConfiguration("flink-conf");
        assertThat(conf.get(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(SyncJob.CHECKPOINT_TIMEOUT);
        assertThat(conf.get(ExecutionCheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(SyncJob.TOLERABLE_CHECKPOINT_FAILURES);
        assertThat(new StreamExecutionEnvironment().getCheckpointConfig().getTolerableCheckpointFailureNumber())
                .as("Flink's own default, which fails the job on the first abandoned checkpoint").isZero();
    }
}
