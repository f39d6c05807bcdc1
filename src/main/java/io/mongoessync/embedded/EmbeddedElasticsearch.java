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
 * A real Elasticsearch from the integ-test zip Maven fetched, on 127.0.0.1. Each instance gets its
 * own config copy, data and log directories; the unpacked distribution is shared. Elasticsearch
 * refuses to run as root, so as root it runs as a system user created for it.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    public static final String VERSION = "7.17.29";
    static final String SERVICE_USER = "mongoessync";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final ProcessBuilder launcher;
    private final Path runDir;
    private final int port;
    private Process process;

    private EmbeddedElasticsearch(ProcessBuilder launcher, Path runDir, int port) {
        this.launcher = launcher;
        this.runDir = runDir;
        this.port = port;
    }

    public static EmbeddedElasticsearch start() {
        try {
            Path home = unpacked(distribution());
            Path runDir = Files.createTempDirectory("mongo-es-sync-es-");
            copyTree(home.resolve("config"), runDir.resolve("config"));
            pointJvmFilesAt(runDir);
            Files.createDirectories(runDir.resolve("data"));
            Files.createDirectories(runDir.resolve("logs"));
            Files.createDirectories(runDir.resolve("tmp"));
            int port = freePort();
            int transportPort = freePort();
            boolean root = isRoot();
            if (root) {
                ensureServiceUser();
                run("chown", "-R", SERVICE_USER + ":" + SERVICE_USER, runDir.toString());
                runDir.toFile().setExecutable(true, false);
            }
            List<String> command = new ArrayList<>();
            if (root) {
                command.addAll(List.of("setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups"));
            }
            command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                    "-Ediscovery.type=single-node", "-Enetwork.host=127.0.0.1",
                    "-Ehttp.port=" + port, "-Etransport.port=" + transportPort,
                    "-Epath.data=" + runDir.resolve("data"), "-Epath.logs=" + runDir.resolve("logs"),
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                    "-Expack.security.enabled=false", "-Expack.ml.enabled=false",
                    "-Eaction.destructive_requires_name=false"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("console.log").toFile()));
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
            env.put("ES_JAVA_HOME", System.getProperty("java.home"));
            env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
            env.put("ES_PATH_CONF", runDir.resolve("config").toString());
            env.put("ES_TMPDIR", runDir.resolve("tmp").toString());
            EmbeddedElasticsearch es = new EmbeddedElasticsearch(builder, runDir, port);
            es.launch();
            return es;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Elasticsearch: " + e.getMessage(), e);
        }
    }

    private void launch() throws IOException {
        LOG.info("Starting Elasticsearch {} on 127.0.0.1:{}", VERSION, port);
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

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String failure = "Elasticsearch exited with " + process.exitValue() + " during start-up:\n" + consoleTail();
                close();
                throw new IllegalStateException(failure);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    LOG.info("Elasticsearch is up at {}", url());
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
        throw new IllegalStateException("Elasticsearch did not become healthy within " + START_TIMEOUT + ":\n" + tail);
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

    /** The zip Maven copied (see pom.xml), or the one in the local Maven repository. */
    static Path distribution() {
        String name = "elasticsearch-" + VERSION + ".zip";
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("es.dist.dir");
        if (configured != null) {
            candidates.add(Paths.get(configured, name));
        }
        candidates.add(Paths.get("target", "elasticsearch-dist", name));
        candidates.add(Paths.get(System.getProperty("user.home"), ".m2", "repository", "org", "elasticsearch",
                "distribution", "integ-test-zip", "elasticsearch", VERSION, name));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No Elasticsearch distribution found at " + candidates
                + ". Run 'mvn package -DskipTests' first: it fetches " + name + " through Maven.");
    }

    /** Unpacks once into the temp directory; a marker file says the copy is complete. */
    static synchronized Path unpacked(Path zip) throws IOException {
        Path base = Paths.get(System.getProperty("java.io.tmpdir"), "mongo-es-sync");
        Path home = base.resolve("elasticsearch-" + VERSION);
        if (Files.exists(home.resolve(".unpacked"))) {
            return home;
        }
        Files.createDirectories(base);
        Path staging = Files.createTempDirectory(base, "unpack-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path unpackedHome;
        try (Stream<Path> children = Files.list(staging)) {
            unpackedHome = children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("Empty Elasticsearch zip " + zip));
        }
        try (Stream<Path> binaries = Files.list(unpackedHome.resolve("bin"))) {
            binaries.forEach(file -> file.toFile().setExecutable(true, false));
        }
        deleteTree(home);
        Files.move(unpackedHome, home);
        deleteTree(staging);
        if (isRoot()) {
            ensureServiceUser();
            base.toFile().setExecutable(true, false);
            run("chmod", "-R", "a+rX", home.toString());
        }
        Files.createFile(home.resolve(".unpacked"));
        return home;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureServiceUser() {
        if (exitCode("id", "-u", SERVICE_USER) != 0) {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER);
        }
    }

    private static void run(String... command) {
        int code = exitCode(command);
        if (code != 0) {
            throw new IllegalStateException("'" + String.join(" ", command) + "' failed with exit code " + code);
        }
    }

    private static int exitCode(String... command) {
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
