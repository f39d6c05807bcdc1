package io.mongoessync.state;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.PredefinedOptions;
import org.apache.flink.contrib.streaming.state.RocksDBResourceContainer;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Filter;

import static org.assertj.core.api.Assertions.assertThat;

/** The column options RocksDB opens with, built as Flink builds them from a cluster's configuration. */
class BloomFilterDefaultTest {

    private static Filter filterOf(Configuration cluster) throws Exception {
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true);
        backend.setRocksDBOptions(new BloomFilterDefault());
        EmbeddedRocksDBStateBackend configured = backend.configure(cluster, BloomFilterDefaultTest.class.getClassLoader());
        try (RocksDBResourceContainer container = new RocksDBResourceContainer(cluster, PredefinedOptions.DEFAULT,
                configured.getRocksDBOptions(), null, null, false)) {
            return ((BlockBasedTableConfig) container.getColumnOptions().tableFormatConfig()).filterPolicy();
        }
    }

    @Test
    void aClusterThatSaysNothingGetsBloomFilters() throws Exception {
        assertThat(filterOf(new Configuration())).isInstanceOf(BloomFilter.class);
    }

    @Test
    void aClusterThatTurnsThemOffHasNone() throws Exception {
        Configuration cluster = new Configuration();
        cluster.setString("state.backend.rocksdb.use-bloom-filter", "false");
        assertThat(filterOf(cluster)).isNull();
        assertThat(((BloomFilterDefault) new BloomFilterDefault().configure(cluster)).adds()).isFalse();
    }

    @Test
    void aClusterThatTurnsThemOnGetsFlinksOwnAndNoSecond() throws Exception {
        Configuration cluster = new Configuration();
        cluster.setString("state.backend.rocksdb.use-bloom-filter", "true");
        assertThat(filterOf(cluster)).isInstanceOf(BloomFilter.class);
        assertThat(((BloomFilterDefault) new BloomFilterDefault().configure(cluster)).adds()).isFalse();
    }
}
