package io.mongoessync.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad value names its key, the value and what was expected. */
class SyncConfigTest {

    private static JobParams base() {
        return new JobParams().put("direct-read-namespaces", "mydb.hotmovies");
    }

    private static SyncConfig config(JobParams params) {
        return SyncConfig.from(params.toConfiguration());
    }

    @Test
    void theRepositoryParametersFileIsValid() {
        SyncConfig config = config(new JobParams().addFile(Paths.get("job-params.properties")));
        assertThat(config.directReadNamespaces()).extracting(Namespace::toString).containsExactly("mydb.hotmovies", "mydb.col");
        assertThat(config.changeStreamNamespaces()).isEqualTo(config.directReadNamespaces());
        assertThat(config.route().indexMapping()).containsEntry("mydb.hotmovies", "hotmovies");
        assertThat(config.elasticsearchUrls()).hasSize(1);
        assertThat(config.bulkMaxDocs()).isEqualTo(10_000);
    }

    @Test
    void everyOptionIsDocumentedInTheParametersFile() throws Exception {
        String file = Files.readString(Paths.get("job-params.properties"));
        for (var option : SyncOptions.all()) {
            assertThat(file).as("job-params.properties documents " + option.key()).containsPattern("(?m)^#?" + option.key() + " =");
        }
    }

    /** elasticsearch-max-seconds = 5 from a Monstache config became 5 ms; a bare 60 retried for 60 ms. */
    @Test
    void bareNumbersInDurationsAreSecondsForMonstachesKeyAndRefusedElsewhere() {
        assertThat(config(base().put("elasticsearch-max-seconds", "5")).bulkInterval()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(config(base().put("elasticsearch-max-seconds", "250ms")).bulkInterval()).isEqualTo(java.time.Duration.ofMillis(250));
        for (String key : new String[] {"elasticsearch-retry-max-time", "checkpoint-interval", "change-stream-poll-interval"}) {
            assertThatThrownBy(() -> config(base().put(key, "60")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(key).hasMessageContaining("60")
                    .hasMessageContaining("write 60s for seconds or 60ms for milliseconds");
        }
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertThatThrownBy(() -> new JobParams().put("elasticsearch-url", "http://x:9200"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting 'elasticsearch-url' on the command line")
                .hasMessageContaining("Did you mean 'elasticsearch-urls'?");
    }

    @Test
    void unknownKeyInAFileNamesTheFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "namespace-regexp = ^mydb\\\\.\n");
        assertThatThrownBy(() -> new JobParams().addFile(file))
                .hasMessageContaining("Unknown setting 'namespace-regexp' in " + file)
                .hasMessageContaining("Did you mean 'namespace-regex'?");
    }

    @Test
    void malformedRegexNamesKeyAndValue() {
        assertThatThrownBy(() -> config(base().put("namespace-regex", "mydb.(hot")))
                .hasMessageContaining("'mydb.(hot'").hasMessageContaining("'namespace-regex'")
                .hasMessageContaining("Java regular expression");
        assertThatThrownBy(() -> config(base().put("namespace-exclude-regex", "*x")))
                .hasMessageContaining("'namespace-exclude-regex'");
    }

    @Test
    void malformedNamespaces() {
        assertThatThrownBy(() -> config(new JobParams().put("direct-read-namespaces", "hotmovies")))
                .hasMessageContaining("'hotmovies'").hasMessageContaining("'direct-read-namespaces'")
                .hasMessageContaining("db.collection");
        assertThatThrownBy(() -> config(new JobParams().put("change-stream-namespaces", "mydb.")))
                .hasMessageContaining("'change-stream-namespaces'");
    }

    @Test
    void nothingToSyncIsAnError() {
        assertThatThrownBy(() -> config(new JobParams()))
                .hasMessageContaining("Nothing to sync").hasMessageContaining("direct-read-namespaces");
    }

    @Test
    void badIndexMapping() {
        assertThatThrownBy(() -> config(base().put("index-mapping", "mydb.hotmovies")))
                .hasMessageContaining("'index-mapping'").hasMessageContaining("db.collection:index");
        assertThatThrownBy(() -> config(base().put("index-mapping", "mydb.hotmovies:Hot Movies")))
                .hasMessageContaining("'Hot Movies'").hasMessageContaining("lower case");
        assertThatThrownBy(() -> config(base().put("index-mapping", "mydb.hotmovies:_hidden")))
                .hasMessageContaining("'_hidden'");
    }

    @Test
    void badUrls() {
        assertThatThrownBy(() -> config(base().put("mongo-url", "localhost:27017")))
                .hasMessageContaining("'mongo-url'").hasMessageContaining("mongodb://");
        assertThatThrownBy(() -> config(base().put("elasticsearch-urls", "localhost:9200")))
                .hasMessageContaining("'elasticsearch-urls'").hasMessageContaining("'localhost:9200'");
        assertThatThrownBy(() -> config(base().put("elasticsearch-urls", "ftp://host:21")))
                .hasMessageContaining("scheme, host and port");
    }

    @Test
    void badNumbersSizesAndDurations() {
        assertThatThrownBy(() -> config(base().put("elasticsearch-max-docs", "lots")))
                .hasMessageContaining("'lots'").hasMessageContaining("'elasticsearch-max-docs'").hasMessageContaining("whole number");
        assertThatThrownBy(() -> config(base().put("elasticsearch-max-docs", "0")))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> config(base().put("elasticsearch-max-bytes", "big")))
                .hasMessageContaining("'elasticsearch-max-bytes'").hasMessageContaining("5mb");
        assertThatThrownBy(() -> config(base().put("elasticsearch-max-seconds", "soon")))
                .hasMessageContaining("'elasticsearch-max-seconds'").hasMessageContaining("duration");
        assertThatThrownBy(() -> config(base().put("soft-delete", "maybe")))
                .hasMessageContaining("soft-delete").hasMessageContaining("maybe");
    }

    @Test
    void credentialsComeInPairs() {
        assertThatThrownBy(() -> config(base().put("elasticsearch-user", "elastic")))
                .hasMessageContaining("'elasticsearch-user' and 'elasticsearch-password' must be set together");
    }

    @Test
    void badFieldNames() {
        assertThatThrownBy(() -> config(base().put("id-field", "_id")))
                .hasMessageContaining("'id-field'").hasMessageContaining("other than _id");
        assertThatThrownBy(() -> config(base().put("soft-delete-field", "a.b")))
                .hasMessageContaining("without dots");
    }

    @Test
    void commandLineOverridesTheFile() {
        JobParams params = new JobParams().addFile(Paths.get("job-params.properties"));
        params.putAll(new JobParams().put("elasticsearch-max-docs", "50"));
        assertThat(config(params).bulkMaxDocs()).isEqualTo(50);
    }

    @Test
    void startModesAndTheirConflicts() {
        assertThat(config(new JobParams().put("change-stream-namespaces", "mydb.a")).streamStartMillis())
                .as("nothing to copy: follow from now").isEqualTo(0L);
        assertThat(config(base()).streamStartMillis()).as("copy first").isNull();
        assertThat(config(new JobParams().put("change-stream-namespaces", "mydb.*")
                .put("change-stream-start-at", "2026-11-25T10:00:00Z")).streamStartMillis()).isEqualTo(1795600800000L);
        assertThat(config(new JobParams().put("change-stream-namespaces", "mydb.a")
                .put("change-stream-start-at", "1795600800")).streamStartMillis()).isEqualTo(1795600800000L);
        assertThatThrownBy(() -> config(new JobParams().put("change-stream-namespaces", "mydb.a").put("change-stream-start-at", "yesterday")))
                .hasMessageContaining("'change-stream-start-at'").hasMessageContaining("'yesterday'").hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> config(base().put("change-stream-start-at", "now")))
                .hasMessageContaining("'change-stream-start-at'").hasMessageContaining("'direct-read-namespaces'");
        assertThatThrownBy(() -> config(new JobParams().put("change-stream-namespaces", "mydb.a").put("exit-after-direct-reads", "true")))
                .hasMessageContaining("'exit-after-direct-reads'").hasMessageContaining("'direct-read-namespaces'");
        assertThatThrownBy(() -> config(base().put("change-stream-poll-interval", "soon")))
                .hasMessageContaining("change-stream-poll-interval").hasMessageContaining("soon");
        assertThatThrownBy(() -> config(base().put("change-stream-poll-interval", "0ms")))
                .hasMessageContaining("'change-stream-poll-interval'").hasMessageContaining("between 1ms");
        assertThatThrownBy(() -> config(base().put("direct-read-namespaces", "mydb")))
                .hasMessageContaining("'direct-read-namespaces'").hasMessageContaining("db.*");
    }
}
