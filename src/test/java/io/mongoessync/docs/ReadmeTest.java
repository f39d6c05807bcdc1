package io.mongoessync.docs;

import io.mongoessync.config.SyncOptions;
import io.mongoessync.testing.LocalRunProcess;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README and docs/ say what the build and the code do: commands, links and settings. */
class ReadmeTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    @Test
    void theFirstLinesAreTheTwoCommandsAndCiRunsTheSecond() throws IOException {
        List<String> lines = Files.readAllLines(Paths.get("README.md"));
        assertThat(lines.subList(0, 5)).containsExactly("# mongo-es-sync", "", "```bash",
                "mvn -q package -DskipTests && java " + String.join(" ", LocalRunProcess.JVM_OPTIONS)
                        + " -jar target/mongo-es-sync-local.jar --demo",
                "mvn -B verify");
        assertThat(lines.get(5)).isEqualTo("```");
        List<String> ci = Files.readAllLines(Paths.get(".ci/run"));
        assertThat(ci.get(ci.size() - 1)).isEqualTo("mvn -B verify");
    }

    @Test
    void everyLinkToAFileOfTheRepositoryLeadsToOne() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (!target.startsWith("http") && !Files.exists(page.resolveSibling(target))) {
                    broken.add(page + " -> " + target);
                }
            }
        }
        assertThat(pages()).hasSizeGreaterThan(1);
        assertThat(broken).isEmpty();
    }

    /** A row of the settings table names real settings, and its defaults are theirs. */
    @Test
    void theSettingsTableNamesRealSettingsWithTheirDefaults() throws IOException {
        Map<String, ConfigOption<?>> options = SyncOptions.all().stream()
                .collect(Collectors.toMap(ConfigOption::key, Function.identity()));
        int rows = 0;
        for (String line : Files.readAllLines(Paths.get("docs/configuration.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            List<String> keys = ticked(cells[1]);
            List<String> defaults = ticked(cells[2]);
            for (int i = 0; i < keys.size(); i++) {
                ConfigOption<?> option = options.get(keys.get(i));
                assertThat(option).as("setting '%s' in docs/configuration.md", keys.get(i)).isNotNull();
                if (cells[2].trim().equals("–")) {
                    Object none = option.hasDefaultValue() ? option.defaultValue() : "";
                    assertThat(none).as("%s has no default", option.key()).isIn("", List.of());
                } else if (defaults.size() == keys.size()) {
                    Configuration documented = new Configuration();
                    documented.setString(option.key(), defaults.get(i));
                    assertThat((Object) documented.get(option)).as("default of %s", option.key()).isEqualTo(option.defaultValue());
                }
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(15);
    }

    private static List<String> ticked(String cell) {
        List<String> values = new ArrayList<>();
        Matcher ticked = TICKED.matcher(cell);
        while (ticked.find()) {
            values.add(ticked.group(1));
        }
        return values;
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> docs = Files.list(Paths.get("docs"))) {
            return Stream.concat(Stream.of(Paths.get("README.md")), docs.filter(p -> p.toString().endsWith(".md")).sorted())
                    .collect(Collectors.toList());
        }
    }
}
