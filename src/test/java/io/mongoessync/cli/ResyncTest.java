package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResyncTest {

    private static SyncConfig config() {
        return SyncConfig.from(new JobParams().put("direct-read-namespaces", "mydb.hotmovies,mydb.Users")
                .put("index-mapping", "mydb.hotmovies:hotmovies").put("resync", "true").toConfiguration());
    }

    @Test
    void resyncWithASavepointIsRefusedBecauseTheCopyWouldBeSkipped() {
        assertThatThrownBy(() -> Resync.clearIndexes(config(), "file:/tmp/savepoint-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'resync'").hasMessageContaining("file:/tmp/savepoint-1").hasMessageContaining("Run without -s");
    }

    @Test
    void theIndexesClearedAreTheDirectReadOnes() {
        assertThat(config().directReadIndexes()).containsExactly("hotmovies", "mydb.users");
    }

    @Test
    void badSplitSizeIsNamed() {
        assertThatThrownBy(() -> SyncConfig.from(new JobParams().put("direct-read-namespaces", "a.b")
                .put("direct-read-split-size-mb", "-1").toConfiguration()))
                .hasMessageContaining("'direct-read-split-size-mb'").hasMessageContaining("positive");
    }
}
