package io.mongoessync.cli;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import io.mongoessync.embedded.StandInMongo;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightTest {

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableMongoDbIsNamed() throws Exception {
        int port = closedPort();
        SyncConfig config = SyncConfig.from(new JobParams().put("direct-read-namespaces", "mydb.hotmovies")
                .put("mongo-url", "mongodb://127.0.0.1:" + port).toConfiguration());
        assertThatThrownBy(() -> Preflight.check(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot reach MongoDB at 127.0.0.1:" + port + " (mongo-url)");
    }

    @Test
    void aStandaloneMongoDbIsRefusedBecauseChangeStreamsNeedAReplicaSet() {
        assertThatThrownBy(() -> Preflight.checkChangeStreams("db1:27017", new org.bson.Document("ismaster", true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MongoDB at db1:27017 (mongo-url) is a standalone server")
                .hasMessageContaining("--replSet");
        Preflight.checkChangeStreams("rs", new org.bson.Document("setName", "rs0"));
        Preflight.checkChangeStreams("mongos", new org.bson.Document("msg", "isdbgrid"));
    }

    @Test
    void theStandInPassesAsAReplicaSet() {
        try (StandInMongo mongo = StandInMongo.start(0)) {
            SyncConfig config = SyncConfig.from(new JobParams().put("direct-read-namespaces", "mydb.hotmovies")
                    .put("mongo-url", mongo.connectionString()).put("elasticsearch-urls", "http://127.0.0.1:1").toConfiguration());
            assertThatThrownBy(() -> Preflight.check(config)).hasMessageContaining("Cannot reach Elasticsearch");
        }
    }

    @Test
    void unreachableElasticsearchIsNamed() throws Exception {
        int port = closedPort();
        try (StandInMongo mongo = StandInMongo.start(0)) {
            SyncConfig config = SyncConfig.from(new JobParams().put("direct-read-namespaces", "mydb.hotmovies")
                    .put("mongo-url", mongo.connectionString())
                    .put("elasticsearch-urls", "http://127.0.0.1:" + port).toConfiguration());
            assertThatThrownBy(() -> Preflight.check(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Cannot reach Elasticsearch at http://127.0.0.1:" + port + " (elasticsearch-urls)");
        }
    }
}
