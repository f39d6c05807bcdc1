package io.mongoessync.route;

import io.mongoessync.config.JobParams;
import io.mongoessync.config.RouteSettings;
import io.mongoessync.config.SyncConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingRulesTest {

    private static RouteSettings settings(String... pairs) {
        JobParams params = new JobParams();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return SyncConfig.from(params.toConfiguration()).route();
    }

    @Test
    void snapshotsOnlyForDirectReadsChangesOnlyForChangeStreams() {
        NamespaceFilter filter = new NamespaceFilter(settings(
                "direct-read-namespaces", "db.copied", "change-stream-namespaces", "db.followed"));
        assertThat(filter.accepts("db.copied", true)).isTrue();
        assertThat(filter.accepts("db.copied", false)).isFalse();
        assertThat(filter.accepts("db.followed", false)).isTrue();
        assertThat(filter.accepts("db.followed", true)).isFalse();
        assertThat(filter.accepts("db.other", false)).isFalse();
    }

    @Test
    void regexesIncludeAndExclude() {
        NamespaceFilter filter = new NamespaceFilter(settings(
                "direct-read-namespaces", "db.a,db.b,other.a",
                "namespace-regex", "^db\\.", "namespace-exclude-regex", "\\.b$"));
        assertThat(filter.accepts("db.a", true)).isTrue();
        assertThat(filter.accepts("db.b", true)).isFalse();
        assertThat(filter.accepts("other.a", true)).isFalse();
    }

    @Test
    void indexNamesAreMappedOrDbDotCollectionLowerCased() {
        RouteSettings mapper = settings(
                "direct-read-namespaces", "mydb.hotmovies", "index-mapping", "mydb.hotmovies:hotmovies");
        assertThat(mapper.indexFor("mydb.hotmovies")).isEqualTo("hotmovies");
        assertThat(mapper.indexFor("MyDb.Users")).isEqualTo("mydb.users");
    }

    @Test
    void versionsFollowClusterTimeAndNeverRepeat() {
        long t1 = (100L << 32) | 1;
        assertThat(DocumentVersions.next(t1, 0)).isEqualTo(t1);
        assertThat(DocumentVersions.next(t1, t1)).as("same cluster time twice").isEqualTo(t1 + 1);
        assertThat(DocumentVersions.next(t1, t1 + 5)).as("clock behind the last version").isEqualTo(t1 + 6);
        assertThat(DocumentVersions.next(t1 + 10, t1 + 5)).isEqualTo(t1 + 10);
    }
}
