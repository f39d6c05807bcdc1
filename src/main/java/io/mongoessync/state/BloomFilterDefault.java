package io.mongoessync.state;

import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.contrib.streaming.state.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

import java.util.Collection;

/**
 * Turns RocksDB's bloom filters on unless the cluster's configuration says otherwise. Nearly every
 * state lookup of a copy is for a document the job has never seen: without a filter RocksDB reads
 * the index and data blocks of every file that might hold the key to find nothing, which took a
 * fifth of the routing thread in a 1M copy (bench/, JFR).
 *
 * <p>Flink applies {@code state.backend.rocksdb.*} itself before any options factory, so when
 * {@code use-bloom-filter} is set either way this leaves the options as Flink made them. It is its
 * own factory rather than a {@code DefaultConfigurableOptionsFactory}, which Flink deprecates with a
 * warning for every RocksDB instance it opens (FLINK-24046).
 */
public final class BloomFilterDefault implements ConfigurableRocksDBOptionsFactory {

    private static final long serialVersionUID = 1L;

    private final boolean add;
    private final double bitsPerKey;
    private final boolean blockBasedMode;

    public BloomFilterDefault() {
        this(true, RocksDBConfigurableOptions.BLOOM_FILTER_BITS_PER_KEY.defaultValue(),
                RocksDBConfigurableOptions.BLOOM_FILTER_BLOCK_BASED_MODE.defaultValue());
    }

    private BloomFilterDefault(boolean add, double bitsPerKey, boolean blockBasedMode) {
        this.add = add;
        this.bitsPerKey = bitsPerKey;
        this.blockBasedMode = blockBasedMode;
    }

    @Override
    public RocksDBOptionsFactory configure(ReadableConfig configuration) {
        return new BloomFilterDefault(configuration.getOptional(RocksDBConfigurableOptions.USE_BLOOM_FILTER).isEmpty(),
                configuration.get(RocksDBConfigurableOptions.BLOOM_FILTER_BITS_PER_KEY),
                configuration.get(RocksDBConfigurableOptions.BLOOM_FILTER_BLOCK_BASED_MODE));
    }

    /** Whether this factory adds the filter, false when the configuration already decided. */
    boolean adds() {
        return add;
    }

    @Override
    public DBOptions createDBOptions(DBOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        return currentOptions;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(ColumnFamilyOptions currentOptions, Collection<AutoCloseable> handlesToClose) {
        // Flink has set a block-based table config (cache and block sizes) by now unless a plain table
        // was configured, which has no filters to add.
        if (add && currentOptions.tableFormatConfig() instanceof BlockBasedTableConfig table) {
            BloomFilter filter = new BloomFilter(bitsPerKey, blockBasedMode);
            handlesToClose.add(filter);
            currentOptions.setTableFormatConfig(table.setFilterPolicy(filter));
        }
        return currentOptions;
    }

    @Override
    public String toString() {
        return "BloomFilterDefault{adds=" + add + ", bitsPerKey=" + bitsPerKey + ", blockBasedMode=" + blockBasedMode + '}';
    }
}
