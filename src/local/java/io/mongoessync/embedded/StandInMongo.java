package io.mongoessync.embedded;

import de.bwaldvogel.mongo.MongoServer;

import java.net.InetSocketAddress;

/**
 * The MongoDB stand-in for the demo and the tests: mongo-java-server with the gaps Flink CDC hits
 * filled in, on 127.0.0.1. The job never knows it is talking to it.
 */
public final class StandInMongo implements AutoCloseable {

    /** Change events kept before the oldest fall off, as in a capped oplog. */
    public static final int DEFAULT_CHANGE_LOG_CAPACITY = 2_000_000;
    /** Netty worker threads; the stand-in answers every command on the thread that read it. */
    private static final int WORKER_THREADS = 8;

    private final StandInBackend backend;
    private final MongoServer server;
    private final InetSocketAddress address;

    private StandInMongo(int port, int changeLogCapacity) {
        this.backend = new StandInBackend(changeLogCapacity);
        this.server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", port), 1, WORKER_THREADS);
        this.address = server.getLocalAddress();
    }

    /** Starts on the given port, or on a free one for port 0. */
    public static StandInMongo start(int port) {
        return new StandInMongo(port, DEFAULT_CHANGE_LOG_CAPACITY);
    }

    public static StandInMongo start(int port, int changeLogCapacity) {
        return new StandInMongo(port, changeLogCapacity);
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    /** Writes made while this is off leave no change events, like a bulk load before replication starts. */
    public void recordChanges(boolean record) {
        backend.changeLog().setRecording(record);
    }

    /** Forgets every change event so far: a resume point before now is then lost, as after an oplog rollover. */
    public void loseHistory() {
        backend.changeLog().truncate();
    }

    /**
     * What the change log holds of one document, and the drops and renames of its collection, as
     * "operation at seconds:increment", oldest first: for telling why a test's document differs.
     */
    public java.util.List<String> historyOf(String namespace, Object id) {
        return backend.changeLog().historyOf(namespace, id);
    }

    /** How many times change-stream cursors were polled for more ({@code getMore}) so far. */
    public long changeStreamPolls() {
        return backend.changeStreams().polls();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
