package io.mongoessync.cli;

import io.mongoessync.config.SyncOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HelpTest {

    private static String help() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Help.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Every setting printed org.apache.flink.configuration.description.Description@1d81eb93. */
    @Test
    void everySettingShowsItsDescriptionAndDefaultGroupedAsTheParametersFile() {
        String help = help();
        assertThat(help).doesNotContain("Description@").doesNotContain("<br").doesNotContain("</").doesNotContain("&lt;");
        for (var option : SyncOptions.all()) {
            assertThat(help).as(option.key()).contains("--" + option.key() + " ");
        }
        assertThat(help).contains("Connections:", "What to sync:", "Where it goes:", "Transforms:");
        assertThat(help.indexOf("Connections:")).isLessThan(help.indexOf("--mongo-url"));
        assertThat(help.indexOf("--mongo-url")).isLessThan(help.indexOf("What to sync:"));
        assertThat(help).containsPattern("--checkpoint-interval +\\S.*\\(default: 2 s\\)");
        assertThat(help).containsPattern("--elasticsearch-max-seconds +A non-empty bulk request.*a bare number is seconds"
                .replace("a bare", "A bare"));
        assertThat(help).doesNotContain("Other:");
    }
}
