package io.mongoessync.local;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A local run's terminal. Log lines (log4j's console appender follows {@code System.out}) and the
 * run's own lines all pass through here, so the live line (copy progress, streaming status) is
 * cleared before any other line and drawn again after it: the two never garble each other. Off a
 * terminal (a pipe, a file) there is no live line; each update is a line of its own.
 */
final class Terminal extends OutputStream {

    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintStream out;
    private final boolean interactive;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private String live = "";

    Terminal(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    boolean interactive() {
        return interactive;
    }

    /** Puts a terminal in front of {@code System.out}, for log lines to pass through too. */
    static Terminal install() {
        Terminal terminal = new Terminal(System.out, System.console() != null);
        System.setOut(new PrintStream(terminal, true, StandardCharsets.UTF_8));
        return terminal;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            clearLive();
            out.write(pending.toByteArray(), 0, pending.size());
            pending.reset();
            drawLive();
            out.flush();
        }
    }

    /** A line that stays. */
    synchronized void line(String line) {
        clearLive();
        out.println(line);
        drawLive();
        out.flush();
    }

    /** Replaces the live line; a plain line when not on a terminal. */
    synchronized void live(String line) {
        if (!interactive) {
            out.println(line);
        } else {
            live = line;
            out.print(CLEAR_LINE + line);
        }
        out.flush();
    }

    /** Leaves the live line where it is, as a line that stays. */
    synchronized void endLive() {
        if (interactive && !live.isEmpty()) {
            out.println();
            out.flush();
        }
        live = "";
    }

    private void clearLive() {
        if (interactive && !live.isEmpty()) {
            out.print(CLEAR_LINE);
        }
    }

    private void drawLive() {
        if (interactive && !live.isEmpty()) {
            out.print(live);
        }
    }
}
