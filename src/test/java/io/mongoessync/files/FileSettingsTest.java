package io.mongoessync.files;

import io.mongoessync.config.ConfigException;
import io.mongoessync.config.JobParams;
import io.mongoessync.config.SyncConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad GridFS setting names its key, the value and what was expected. */
class FileSettingsTest {

    private static JobParams files() {
        return new JobParams().put("direct-read-namespaces", "users.fs.files,mydb.hotmovies")
                .put("index-files", "true").put("file-namespaces", "users.fs.files");
    }

    private static SyncConfig config(JobParams params) {
        return SyncConfig.from(params.toConfiguration());
    }

    @Test
    void aFilesNamespaceIsIndexedWithItsTextAndItsChunksNeverAre() {
        SyncConfig config = config(files().put("direct-read-namespaces", "users.*"));
        assertThat(config.files().enabled()).isTrue();
        assertThat(config.files().isFileNamespace("users.fs.files")).isTrue();
        assertThat(config.files().isFileNamespace("users.photos.files")).isFalse();
        java.util.regex.Pattern excluded = java.util.regex.Pattern.compile(config.route().namespaceExcludeRegex());
        assertThat(excluded.matcher("users.fs.files").find()).isFalse();
        assertThat(excluded.matcher("users.fs.chunks").find()).as("the bucket's chunks").isTrue();
        assertThat(excluded.matcher("users.fs.chunksarchive").find()).isFalse();
        assertThat(excluded.matcher("users.photos.chunks").find()).as("another bucket's, not indexed with its text").isFalse();
        assertThat(config(files().put("namespace-exclude-regex", "^users[.]private$")).route().namespaceExcludeRegex())
                .isEqualTo("(?:^users[.]private$)|^\\Qusers.fs.chunks\\E$");
    }

    @Test
    void offByDefaultAndTheRepositoryFileKeepsItOff() {
        assertThat(config(new JobParams().put("direct-read-namespaces", "mydb.hotmovies")).files().enabled()).isFalse();
        assertThat(config(new JobParams().addFile(java.nio.file.Paths.get("job-params.properties"))).files().enabled()).isFalse();
    }

    @Test
    void indexFilesNeedsFileNamespacesThatAreFilesCollectionsAndSynced() {
        assertThatThrownBy(() -> config(files().put("file-namespaces", "")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'index-files' is true but 'file-namespaces' is empty: name the GridFS files collections to index, "
                        + "e.g. users.fs.files.");
        for (String bad : new String[] {"users.fs", "users.*", "users.files", "users.fs.chunks"}) {
            assertThatThrownBy(() -> config(files().put("file-namespaces", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("Invalid value '" + bad + "' for 'file-namespaces': expected a GridFS files collection as "
                            + "db.bucket.files, e.g. users.fs.files.");
        }
        assertThatThrownBy(() -> config(files().put("file-namespaces", "other.fs.files")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'file-namespaces' names other.fs.files, which the job does not sync: add it to "
                        + "'direct-read-namespaces' or 'change-stream-namespaces'.");
    }

    @Test
    void fileSettingsWithoutIndexFilesAreRefused() {
        assertThatThrownBy(() -> config(files().put("index-files", "false")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'file-namespaces' is set but 'index-files' is false: set index-files = true to index GridFS files.");
        assertThatThrownBy(() -> config(files().put("index-files", "false").put("file-namespaces", "").put("file-highlighting", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("'file-highlighting' is set but 'index-files' is false: set index-files = true to index GridFS files.");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> config(files().put("max-file-size", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '0' for 'max-file-size': expected a size above 0 and below 2gb.");
        assertThatThrownBy(() -> config(files().put("file-downloaders", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '0' for 'file-downloaders': expected a whole number from 1 to 64.");
        assertThatThrownBy(() -> config(files().put("file-downloaders", "two")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("file-downloaders").hasMessageContaining("two");
        assertThatThrownBy(() -> config(files().put("file-extraction-timeout", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '0s' for 'file-extraction-timeout': expected a duration of at least 1ms, such as 30s.");
        assertThatThrownBy(() -> config(files().put("file-max-content-chars", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value '-1' for 'file-max-content-chars': expected a positive whole number.");
        assertThatThrownBy(() -> config(files().put("file-content-types", "application/pdf,pdf")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'pdf' for 'file-content-types': expected content types such as application/pdf or "
                        + "application/vnd.openxmlformats-officedocument.*.");
    }

    @Test
    void contentTypesMatchExactlyOrByTheirBeginning() {
        FileSettings settings = config(files().put("file-content-types", "application/pdf, Text/*")).files();
        assertThat(settings.extracts("application/pdf")).isTrue();
        assertThat(settings.extracts("text/html")).isTrue();
        assertThat(settings.extracts("application/pdfx")).isFalse();
        assertThat(settings.extracts("image/png")).isFalse();
    }
}
