package io.mongoessync.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch and OpenSearch refuse to run as root; as root, they run as this system user,
 * created on first use. Anyone else runs them as themselves.
 */
final class ServiceUser {

    static final String NAME = "mongoessync";

    private ServiceUser() {}

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void ensure() {
        if (exitCode("id", "-u", NAME) != 0) {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME);
        }
    }

    /** The command, run as the service user when we are root. */
    static List<String> as(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--init-groups"));
        }
        full.addAll(command);
        return full;
    }

    static void run(String... command) {
        int code = exitCode(command);
        if (code != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit code " + code);
        }
    }

    static int exitCode(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
