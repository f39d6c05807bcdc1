package io.mongoessync;

import io.mongoessync.cli.IndexSetup;
import io.mongoessync.cli.Resync;
import io.mongoessync.files.FileContentFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import io.mongoessync.source.DdlEvent;
import io.mongoessync.source.DropWatcher;
import io.mongoessync.source.RenamedCollectionReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import java.util.Set;
import java.util.TreeSet;
import io.mongoessync.sink.ClientSettings;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.route.DocumentKeys;
import io.mongoessync.route.SyncFunction;
import io.mongoessync.sink.CopyGate;
import io.mongoessync.sink.IndexAction;
import io.mongoessync.sink.SyncSinkFactory;
import io.mongoessync.source.ChangeEvent;
import io.mongoessync.source.SyncSourceFactory;
import io.mongoessync.source.HistoryLostSource;
import io.mongoessync.source.copy.CopySource;
import io.mongoessync.state.BloomFilterDefault;
import java.util.ArrayList;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.ExecutionCheckpointingOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The pipeline: copy and change stream → keyBy(namespace, _id) → routing → copy gate → Elasticsearch.
 *
 * <p>The uids are the contract with every savepoint taken so far: changing one orphans that
 * operator's state. They must never change; README.md says so too.
 */
public final class SyncJob {

    public static final String SOURCE_UID = "mongodb-cdc-source";
    public static final String COPY_UID = "mongodb-copy";
    /** Documents per read from MongoDB, and per hand-over from the copy's fetcher to its task. */
    static final int COPY_BATCH = 1000;
    public static final String ROUTE_UID = "route-documents";
    public static final String GATE_UID = "copy-gate";
    public static final String SINK_UID = "elasticsearch-sink";
    public static final String DROPS_UID = "mongodb-drop-watcher";
    public static final String RENAMED_UID = "read-renamed-collections";
    public static final String FILES_UID = "extract-file-text";

    public static final java.time.Duration CHECKPOINT_TIMEOUT = java.time.Duration.ofMinutes(5);
    public static final int TOLERABLE_CHECKPOINT_FAILURES = 3;

    private SyncJob() {}

    /**
     * The copy (raw BSON, bounded) beside the change stream (Flink CDC, started at {@code startAt}),
     * or either alone. A resync clears its indexes in whichever source starts first on a fresh start;
     * both are created before any task runs.
     */
    private static DataStream<ChangeEvent> sources(StreamExecutionEnvironment env, SyncConfig config, long startAt) {
        Runnable onFreshStart = config.resync() ? new Resync.OnFreshStart(config) : null;
        DataStream<ChangeEvent> copy = null;
        if (copiesFirst(config)) {
            CopySource reader = new CopySource(config.mongoUrl(), new ArrayList<>(config.directReadNamespaces()), COPY_BATCH);
            copy = env.fromSource(new HistoryLostSource<>(reader, config.exitAfterDirectReads() ? onFreshStart : null),
                            WatermarkStrategy.noWatermarks(), "MongoDB copy")
                    .uid(COPY_UID)
                    .name("MongoDB copy (direct reads)");
            if (config.exitAfterDirectReads()) {
                return copy;
            }
        }
        DataStream<ChangeEvent> stream = env
                .fromSource(SyncSourceFactory.create(config, onFreshStart, startAt), WatermarkStrategy.noWatermarks(),
                        "MongoDB change stream")
                .uid(SOURCE_UID)
                .name("MongoDB change stream");
        return copy == null ? stream : copy.union(stream);
    }

    private static boolean copiesFirst(SyncConfig config) {
        return !config.directReadNamespaces().isEmpty() && config.streamStartMillis() == null;
    }

    /**
     * RocksDB, incremental, with bloom filters ({@link BloomFilterDefault}). A session cluster's
     * {@code state.backend.rocksdb.use-bloom-filter} still wins.
     */
    static EmbeddedRocksDBStateBackend stateBackend() {
        EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true);
        backend.setRocksDBOptions(new BloomFilterDefault());
        return backend;
    }

    /** Adds the pipeline to the environment, with checkpointing and RocksDB configured for it. */
    public static void define(StreamExecutionEnvironment env, SyncConfig config) {
        ClientSettings client = IndexSetup.apply(config);
        // The web UI's job configuration shows the settings; secrets are masked there.
        env.getConfig().setGlobalJobParameters(org.apache.flink.configuration.Configuration.fromMap(config.shownSettings()));
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // flink-conf/ sets these for session clusters, and says why; a local run has no flink-conf.
        if (env.getConfiguration().getOptional(ExecutionCheckpointingOptions.CHECKPOINTING_TIMEOUT).isEmpty()) {
            env.getCheckpointConfig().setCheckpointTimeout(CHECKPOINT_TIMEOUT.toMillis());
        }
        if (env.getConfiguration().getOptional(ExecutionCheckpointingOptions.TOLERABLE_FAILURE_NUMBER).isEmpty()) {
            env.getCheckpointConfig().setTolerableCheckpointFailureNumber(TOLERABLE_CHECKPOINT_FAILURES);
        }
        // No operator keeps a reference to a record it was handed (each emits fresh objects), so chained
        // operators can pass records on without a defensive copy each.
        env.getConfig().enableObjectReuse();
        env.setStateBackend(stateBackend());

        // One cluster time for the change stream and the drop watcher to start at, taken before the
        // copy reads anything: every change after it is streamed, so the copy needs no gate.
        long startAt = config.exitAfterDirectReads() ? 0 : DropWatcher.startAt(config.mongoUrl(), config.streamStartMillis());
        DataStream<ChangeEvent> changes = sources(env, config, startAt);

        DataStream<DdlEvent> drops;
        if (config.exitAfterDirectReads()) {
            // A copy-only job ends with its copy; a watcher would keep it running.
            drops = env.fromCollection(java.util.List.of(), TypeInformation.of(DdlEvent.class)).name("No drops (copy only)");
        } else {
            Set<String> databases = new TreeSet<>();
            config.sourceNamespaces().forEach(namespace -> databases.add(namespace.database()));
            DropWatcher watcher = new DropWatcher(config.mongoUrl(), databases, config.pollInterval().toMillis(),
                    startAt);
            drops = env.addSource(watcher, "MongoDB drops and renames",
                            TypeInformation.of(DdlEvent.class))
                    .uid(DROPS_UID)
                    .setParallelism(1);
            changes = changes.union(drops
                    .filter(event -> event.operation == DdlEvent.Operation.RENAME)
                    .name("Renames")
                    .setParallelism(1)
                    .keyBy(event -> event.to)
                    .process(new RenamedCollectionReader(config.mongoUrl(), config.sourceNamespaces()), TypeInformation.of(ChangeEvent.class))
                    .uid(RENAMED_UID)
                    .name("Read collections renamed into the sync")
                    .setParallelism(1));
        }

        DataStream<IndexAction> actions = changes
                .keyBy(new DocumentKeys(config.route()))
                .connect(drops.broadcast(SyncFunction.DROPPED))
                .process(new SyncFunction(config.route(), config.mongoUrl(), copiesFirst(config) ? startAt : 0))
                .uid(ROUTE_UID)
                .name("Route documents");

        if (config.files().enabled()) {
            actions = AsyncDataStream.unorderedWait(actions,
                            new FileContentFunction(config.mongoUrl(), config.files(), config.route()),
                            FileContentFunction.operatorTimeoutMillis(config.files()), TimeUnit.MILLISECONDS,
                            FileContentFunction.capacity(config.files()))
                    .uid(FILES_UID)
                    .name("Extract GridFS files' text");
        }
        actions.transform("Hold copies until checkpointed", actions.getType(), new CopyGate())
                .uid(GATE_UID)
                .sinkTo(SyncSinkFactory.create(config, client))
                .uid(SINK_UID)
                .name("Elasticsearch bulk writer");
    }
}
