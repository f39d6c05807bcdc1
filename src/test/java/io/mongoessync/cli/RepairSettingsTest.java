package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What verify --repair refuses before it reads or writes anything. */
class RepairSettingsTest {

    @Test
    void repairGoesWithVerify() {
        assertThat(Arguments.parse(new String[] {"verify", "--repair", "--params", "job-params.properties"}).repair).isTrue();
        assertThatThrownBy(() -> Arguments.parse(new String[] {"--repair"}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--repair goes with verify");
    }

    @Test
    void repairRefusesUnversionedWrites() {
        SyncConfig config = SyncConfig.from(new JobParams().put("mongo-url", "mongodb://127.0.0.1:1")
                .put("direct-read-namespaces", "mydb.movies").put("index-as-update", "true").toConfiguration());
        Verify verify = new Verify(config, new PrintStream(OutputStream.nullOutputStream()), 10);
        assertThatThrownBy(verify::repair).isInstanceOf(ConfigException.class)
                .hasMessageContaining("index-as-update = true").hasMessageContaining("Expected index-as-update = false");
    }
}
