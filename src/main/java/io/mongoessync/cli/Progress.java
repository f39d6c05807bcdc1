package io.mongoessync.cli;

import java.io.PrintStream;

/** A progress bar redrawn in place on a terminal; plain lines at every tenth otherwise. */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private long lastTenth = -1;
    private long lastDraw;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void update(String what, long done, long total) {
        long percent = total == 0 ? 100 : Math.min(100, done * 100 / total);
        if (terminal) {
            long now = System.currentTimeMillis();
            if (now - lastDraw >= 200 || done == total) {
                int filled = (int) (percent * WIDTH / 100);
                out.printf("\r%s [%s%s] %3d%% (%d/%d)", what, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done, total);
                lastDraw = now;
            }
        } else if (percent / 10 != lastTenth) {
            lastTenth = percent / 10;
            out.printf("%s: %d%% (%d/%d)%n", what, percent, done, total);
        }
    }

    void done() {
        if (terminal) {
            out.println();
        }
        lastTenth = -1;
    }
}
