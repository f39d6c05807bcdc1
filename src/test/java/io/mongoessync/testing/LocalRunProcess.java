package io.mongoessync.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README's local run as a user starts it, {@code java JVM_OPTIONS -jar target/mongo-es-sync-local.jar ...},
 * as its own process, with what it prints collected line by line.
 */
public final class LocalRunProcess implements AutoCloseable {

    /** The JVM options of the README's command, which {@code ReadmeTest} holds the README to. */
    public static final List<String> JVM_OPTIONS =
            List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=target/mongo-es-sync.jsa");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private LocalRunProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[reading the output failed: ").append(e.getMessage()).append("]\n");
            }
        }, "local-run-output");
        reader.start();
    }

    public static LocalRunProcess start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", "target/mongo-es-sync-local.jar"));
        command.addAll(List.of(arguments));
        return new LocalRunProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for the process to exit; its exit code. */
    public int await(long minutes) throws InterruptedException {
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            throw new AssertionError("The local run did not exit within " + minutes + " min:\n" + output());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    /** Ends it as Ctrl-C does (SIGTERM runs the same shutdown hooks as SIGINT); its exit code. */
    public int stop() throws InterruptedException {
        // Through the handle: Process.destroy() would also close the output before it is read to its end.
        process.toHandle().destroy();
        return await(2);
    }

    /** Ends it as a crash or kill -9 would: no shutdown hooks. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
