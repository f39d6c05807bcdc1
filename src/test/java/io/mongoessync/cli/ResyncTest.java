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
        assertThatThrownBy(() -> Resync.check(config(), "file:/tmp/savepoint-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'resync'").hasMessageContaining("file:/tmp/savepoint-1").hasMessageContaining("Run without -s");
    }

    @Test
    void badSplitSizeIsNamed() {
        assertThatThrownBy(() -> SyncConfig.from(new JobParams().put("direct-read-namespaces", "a.b")
                .put("direct-read-split-size-mb", "-1").toConfiguration()))
                .hasMessageContaining("'direct-read-split-size-mb'").hasMessageContaining("positive");
    }

    /** db.* and templates became wildcard DELETEs: refused by Elasticsearch 8, and on 7.x able to reach other indexes. */
    @Test
    void onlyConcreteIndexesAreClearedAndWhatCannotBeNamedIsRefused() {
        try (io.mongoessync.embedded.StandInMongo mongo = io.mongoessync.embedded.StandInMongo.start(0);
                com.mongodb.client.MongoClient client = com.mongodb.client.MongoClients.create(mongo.connectionString())) {
            client.getDatabase("shop").getCollection("orders").insertOne(new org.bson.Document("_id", 1));
            client.getDatabase("shop").getCollection("Items").insertOne(new org.bson.Document("_id", 1));
            SyncConfig wholeDatabase = SyncConfig.from(new JobParams().put("direct-read-namespaces", "shop.*")
                    .put("resync", "true").toConfiguration());
            assertThat(Resync.indexesToClear(wholeDatabase, client)).containsExactly("shop.items", "shop.orders");

            SyncConfig templated = SyncConfig.from(new JobParams().put("direct-read-namespaces", "shop.orders")
                    .put("index-mapping", "shop.orders:orders-{created:yyyy}").put("resync", "true").toConfiguration());
            assertThatThrownBy(() -> Resync.indexesToClear(templated, client)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("shop.orders").hasMessageContaining("depend on each document");

            SyncConfig streamOnly = SyncConfig.from(new JobParams().put("direct-read-namespaces", "shop.orders")
                    .put("change-stream-namespaces", "shop.orders,shop.Items").put("resync", "true").toConfiguration());
            assertThatThrownBy(() -> Resync.indexesToClear(streamOnly, client)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("shop.Items").hasMessageContaining("change-stream-namespaces' only");
        }
    }
}
