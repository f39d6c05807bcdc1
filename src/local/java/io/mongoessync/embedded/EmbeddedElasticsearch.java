package io.mongoessync.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Elasticsearch (or OpenSearch) from the integ-test zip Maven fetched, on 127.0.0.1. Each
 * instance gets its own config copy, data and log directories; the unpacked distribution is shared.
 * They refuse to run as root, so as root they run as a system user created for them. Optionally
 * secured: a file-realm user and HTTPS with the given PEM certificates.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    public static final String VERSION = SearchDistribution.ELASTICSEARCH_7.version();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final SearchDistribution distribution;
    private final ProcessBuilder launcher;
    private final Path runDir;
    private final int port;
    private final Builder options;
    private Process process;

    private EmbeddedElasticsearch(SearchDistribution distribution, ProcessBuilder launcher, Path runDir, int port, Builder options) {
        this.distribution = distribution;
        this.launcher = launcher;
        this.runDir = runDir;
        this.port = port;
        this.options = options;
    }

    /** Elasticsearch 7.17, security off: what the demo and most tests use. */
    public static EmbeddedElasticsearch start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which server, and how it is secured. */
    public static final class Builder {
        private SearchDistribution distribution = SearchDistribution.ELASTICSEARCH_7;
        private String user;
        private String password;
        private Path certificates;

        public Builder distribution(SearchDistribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /** Turns security on (Elasticsearch only) with one file-realm superuser. */
        public Builder user(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** HTTPS with {@code ca.crt}, {@code node.crt} and {@code node.key} from this directory (PEM). */
        public Builder https(Path certificates) {
            this.certificates = certificates;
            return this;
        }

        public EmbeddedElasticsearch start() {
            try {
                return launch(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + distribution + ": " + e.getMessage(), e);
            }
        }
    }

    private static EmbeddedElasticsearch launch(Builder options) throws IOException {
        SearchDistribution distribution = options.distribution;
        Path home = distribution.unpacked();
        Path runDir = Files.createTempDirectory("mongo-es-sync-es-");
        copyTree(home.resolve("config"), runDir.resolve("config"));
        pointJvmFilesAt(runDir);
        for (String dir : List.of("data", "logs", "tmp")) {
            Files.createDirectories(runDir.resolve(dir));
        }
        int port = freePort();
        List<String> settings = distribution.settings(options.user != null);
        settings.addAll(List.of("http.port=" + port, "transport.port=" + freePort(),
                "path.data=" + runDir.resolve("data"), "path.logs=" + runDir.resolve("logs")));
        if (options.certificates != null) {
            copyTree(options.certificates, runDir.resolve("config/certs"));
            settings.addAll(List.of("xpack.security.http.ssl.enabled=true",
                    "xpack.security.http.ssl.key=certs/node.key", "xpack.security.http.ssl.certificate=certs/node.crt",
                    "xpack.security.http.ssl.certificate_authorities=certs/ca.crt"));
        }
        if (ServiceUser.isRoot()) {
            ServiceUser.ensure();
            ServiceUser.run("chown", "-R", ServiceUser.NAME + ":" + ServiceUser.NAME, runDir.toString());
            runDir.toFile().setExecutable(true, false);
        }
        Map<String, String> env = new java.util.HashMap<>();
        String prefix = distribution.envPrefix;
        env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        env.put(prefix + "_JAVA_HOME", System.getProperty("java.home"));
        env.put(prefix + "_JAVA_OPTS", "-Xms512m -Xmx512m");
        env.put(prefix + "_PATH_CONF", runDir.resolve("config").toString());
        env.put(prefix + "_TMPDIR", runDir.resolve("tmp").toString());
        if (options.user != null) {
            addFileRealmUser(home, runDir, env, options.user, options.password);
        }
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/" + distribution.artifact).toString());
        settings.forEach(setting -> command.add("-E" + setting));
        ProcessBuilder builder = new ProcessBuilder(ServiceUser.as(command))
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("console.log").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        EmbeddedElasticsearch es = new EmbeddedElasticsearch(distribution, builder, runDir, port, options);
        es.launch();
        return es;
    }

    private static void addFileRealmUser(Path home, Path runDir, Map<String, String> env, String user, String password) throws IOException {
        ProcessBuilder users = new ProcessBuilder(ServiceUser.as(List.of(home.resolve("bin/elasticsearch-users").toString(),
                "useradd", user, "-p", password, "-r", "superuser")))
                .directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("console.log").toFile()));
        users.environment().clear();
        users.environment().putAll(env);
        try {
            int code = users.start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("elasticsearch-users useradd failed (" + code + "):\n" + Files.readString(runDir.resolve("console.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while adding the file-realm user", e);
        }
    }

    private void launch() throws IOException {
        LOG.info("Starting {} on 127.0.0.1:{}", distribution, port);
        process = launcher.start();
        awaitHealthy();
    }

    /** Stops the server but keeps its data and port, for {@link #restart()}: an outage, not a loss. */
    public void stop() {
        destroy();
    }

    public void restart() {
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart Elasticsearch: " + e.getMessage(), e);
        }
    }

    /** jvm.options names gc.log, error and heap-dump files relative to the distribution, which is shared and read-only. */
    private static void pointJvmFilesAt(Path runDir) throws IOException {
        Path jvmOptions = runDir.resolve("config/jvm.options");
        String options = Files.readString(jvmOptions)
                .replace("file=logs/", "file=" + runDir.resolve("logs") + "/")
                .replace("ErrorFile=logs/", "ErrorFile=" + runDir.resolve("logs") + "/")
                .replace("HeapDumpPath=data", "HeapDumpPath=" + runDir.resolve("data"));
        Files.writeString(jvmOptions, options);
    }

    /** https when started with certificates; their CN/SAN must name 127.0.0.1. */
    public String url() {
        return (options.certificates != null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** CPU time the server used so far, in seconds (its process and descendants), for benchmarks. */
    public double cpuSeconds() {
        if (process == null) {
            return 0;
        }
        ProcessHandle handle = process.toHandle();
        long nanos = handle.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        nanos += handle.descendants().mapToLong(child -> child.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
        return nanos / 1e9;
    }

    public SearchDistribution distribution() {
        return distribution;
    }

    private void awaitHealthy() {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (options.certificates != null) {
            try {
                client.sslContext(io.mongoessync.sink.Trust.fromPem(Files.readString(options.certificates.resolve("ca.crt"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        HttpClient http = client.build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String failure = distribution + " exited with " + process.exitValue() + " during start-up:\n" + consoleTail();
                close();
                throw new IllegalStateException(failure);
            }
            try {
                HttpRequest.Builder health = HttpRequest.newBuilder(
                        URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s")).timeout(Duration.ofSeconds(5));
                if (options.user != null) {
                    health.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (options.user + ":" + options.password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                HttpResponse<String> response = http.send(health.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    LOG.info("{} is up at {}", distribution, url());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        String tail = consoleTail();
        close();
        throw new IllegalStateException(distribution + " did not become healthy within " + START_TIMEOUT + ":\n" + tail);
    }

    private String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(runDir.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no console output)";
        }
    }

    @Override
    public void close() {
        destroy();
        deleteTree(runDir);
    }

    private void destroy() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
