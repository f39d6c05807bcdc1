package io.mongoessync.testing;

import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;

/** Settings for tests that read one or two keys: mydb.hotmovies is copied, the pairs are added. */
public final class Configs {

    private Configs() {}

    /** @param pairs key, value, key, value... */
    public static SyncConfig config(String... pairs) {
        JobParams params = new JobParams().put("direct-read-namespaces", "mydb.hotmovies");
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return SyncConfig.from(params.toConfiguration());
    }
}
