package io.mongoessync.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a command prints, kept for the test to read. */
public final class Printed {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** A stream into this, for a command's output. */
    public PrintStream stream() {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    public void reset() {
        bytes.reset();
    }
}
