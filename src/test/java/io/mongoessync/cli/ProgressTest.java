package io.mongoessync.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void withoutATerminalPrintsALineEveryTenth() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int i = 1; i <= 1000; i++) {
            progress.update("mydb.hotmovies", i, 1000);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(11).contains("mydb.hotmovies: 50% (500/1000)", "mydb.hotmovies: 100% (1000/1000)");
    }

    @Test
    void onATerminalRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        progress.update("ns", 1000, 1000);
        progress.done();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\rns [").contains("100% (1000/1000)").endsWith("\n");
    }
}
