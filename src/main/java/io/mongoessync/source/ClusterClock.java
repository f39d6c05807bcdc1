package io.mongoessync.source;

import com.mongodb.client.MongoClient;
import io.mongoessync.convert.ClusterTimes;
import org.bson.BsonTimestamp;
import org.bson.Document;

/**
 * MongoDB's cluster time, read from the server and never from this machine's clock: every version
 * the job gives a write comes from it, so versions order writes as MongoDB did.
 */
public final class ClusterClock {

    private ClusterClock() {}

    /**
     * The time of the last operation the server had applied when it answered, as a
     * {@link ClusterTimes} value. A read that starts after this call sees every write up to it.
     */
    public static long now(MongoClient client) {
        Document answer = client.getDatabase("admin").runCommand(new Document("hello", 1));
        Object time = answer.get("operationTime");
        if (!(time instanceof BsonTimestamp) && answer.get("$clusterTime") instanceof Document) {
            time = ((Document) answer.get("$clusterTime")).get("clusterTime");
        }
        if (!(time instanceof BsonTimestamp)) {
            throw new IllegalStateException("MongoDB answered hello without operationTime or $clusterTime, so it is not a "
                    + "replica set member: change streams, and the cluster times this job versions writes with, need a "
                    + "replica set (a single-node one will do)");
        }
        return ClusterTimes.of((BsonTimestamp) time);
    }
}
