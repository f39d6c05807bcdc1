package io.mongoessync.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLogLineClearsTheLiveLineAndDrawsItAgainAfter() {
        Terminal terminal = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        PrintStream log = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        terminal.live("Copying: 10/100");
        log.println("12:00:00 INFO  Copy - read to its end");
        terminal.live("Copying: 100/100");
        terminal.endLive();
        assertThat(written()).isEqualTo("\r\033[KCopying: 10/100"
                + "\r\033[K12:00:00 INFO  Copy - read to its end\nCopying: 10/100"
                + "\r\033[KCopying: 100/100\n");
    }

    @Test
    void offATerminalEveryUpdateIsALineOfItsOwn() {
        Terminal terminal = new Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        PrintStream log = new PrintStream(terminal, true, StandardCharsets.UTF_8);
        terminal.live("Copying: 10/100");
        log.println("a log line");
        terminal.line("Copy done:");
        terminal.endLive();
        assertThat(written()).isEqualTo("Copying: 10/100\na log line\nCopy done:\n");
    }
}
