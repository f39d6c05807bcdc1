package io.mongoessync.source;

import com.mongodb.ConnectionString;
import io.mongoessync.config.Namespace;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.convert.ClusterTimes;
import io.mongoessync.source.stream.RawChangeStreamSource;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.mongodb.source.config.MongoDBSourceConfigFactory;

import java.util.Set;

/** Builds the Flink CDC incremental-snapshot source, its change stream read as raw BSON, from the job's settings. */
public final class SyncSourceFactory {

    /** Heartbeats move the resume point forward while the watched collections are quiet. */
    static final int HEARTBEAT_INTERVAL_MS = 10_000;

    private SyncSourceFactory() {}

    /**
     * @param onFreshStart run when the source starts without a checkpoint (serializable), or null
     * @param startAt the cluster time to stream from when the job copies first (see {@code DropWatcher.startAt})
     */
    public static HistoryLostSource<ChangeEvent, ?, ?> create(SyncConfig config, Runnable onFreshStart, long startAt) {
        ConnectionString url = new ConnectionString(config.mongoUrl());
        Set<Namespace> namespaces = config.sourceNamespaces();
        MongoDBSourceConfigFactory settings = new MongoDBSourceConfigFactory()
                .scheme(config.mongoUrl().startsWith("mongodb+srv://") ? "mongodb+srv" : "mongodb")
                .hosts(String.join(",", url.getHosts()))
                .databaseList(namespaces.stream().map(Namespace::database).distinct().toArray(String[]::new))
                // Regular expressions even for single collections: the connector then watches the
                // database, whose stream survives a drop, where a collection's stream is invalidated.
                .collectionList(namespaces.stream().map(Namespace::regex).toArray(String[]::new))
                .startupOptions(startup(config, startAt))
                .splitSizeMB(config.splitSizeMb())
                .heartbeatIntervalMillis(HEARTBEAT_INTERVAL_MS)
                .pollAwaitTimeMillis((int) config.pollInterval().toMillis());
        if (url.getUsername() != null) {
            settings.username(url.getUsername());
        }
        if (url.getPassword() != null) {
            settings.password(new String(url.getPassword()));
        }
        String options = connectionOptions(config.mongoUrl(), url);
        if (!options.isEmpty()) {
            settings.connectionOptions(options);
        }
        return new HistoryLostSource<>(new RawChangeStreamSource<>(settings, new ChangeEventDeserializer()), onFreshStart);
    }

    /**
     * Where the stream starts: for a job that copies first, at the cluster time taken before the copy
     * (the copy is a source of its own, and every change after that time is streamed); otherwise
     * from {@code change-stream-start-at}. Flink CDC takes whole seconds and starts at the second's
     * first operation, so the changes of that second from before the job come too; the routing
     * operator skips them (its {@code StreamStart}).
     */
    static StartupOptions startup(SyncConfig config, long startAt) {
        Long start = config.streamStartMillis();
        if (start == null) {
            return StartupOptions.timestamp(ClusterTimes.seconds(startAt) * 1000);
        }
        return start == 0 ? StartupOptions.latest() : StartupOptions.timestamp(start);
    }

    /** The query part of the URL, plus the path's database as authSource when credentials name one. */
    static String connectionOptions(String text, ConnectionString url) {
        int query = text.indexOf('?');
        String options = query < 0 ? "" : text.substring(query + 1);
        String authDatabase = url.getDatabase();
        if (authDatabase != null && !authDatabase.isEmpty() && url.getUsername() != null && !options.contains("authSource=")) {
            options = options.isEmpty() ? "authSource=" + authDatabase : options + "&authSource=" + authDatabase;
        }
        return options;
    }
}
