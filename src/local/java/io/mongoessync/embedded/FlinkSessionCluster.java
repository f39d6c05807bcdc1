package io.mongoessync.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Flink session cluster from the Maven jars in {@code target/lib} (Flink's distribution is not
 * on Maven Central): a JobManager ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager
 * ({@code TaskManagerRunner}) as separate JVMs, configured from the repository's
 * {@code flink-conf/}, with memory flags from Flink's own {@code BashJavaUtils}, as Flink's start
 * scripts do. {@link #cli} runs the real {@code flink} command line ({@code CliFrontend}).
 *
 * <p>Users start it with {@code java -cp target/mongo-es-sync-local.jar
 * io.mongoessync.embedded.FlinkSessionCluster}; the end-to-end tests use the same class.
 */
public final class FlinkSessionCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);
    private static final String UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final Path home;
    private final Path libDir;
    private final List<String> javaOpts;
    private final int restPort;
    private final int prometheusPort;
    private static final int PROMETHEUS_PORTS = 5;
    private final List<Process> processes = new ArrayList<>();

    /** The output and exit code of one {@code flink} command. */
    public static final class CliResult {
        public final int exitCode;
        public final String output;

        CliResult(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    private FlinkSessionCluster(Path home, Path libDir, List<String> javaOpts, int restPort, int prometheusPort) {
        this.prometheusPort = prometheusPort;
        this.home = home;
        this.libDir = libDir;
        this.javaOpts = javaOpts;
        this.restPort = restPort;
    }

    /** Starts a JobManager and a TaskManager and waits until the TaskManager has registered. */
    public static FlinkSessionCluster start(Path libDir, Path flinkConf) {
        try {
            Path home = Files.createTempDirectory("mongo-es-sync-flink-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("log"));
            String base = Files.readString(flinkConf.resolve("flink-conf.yaml"));
            int restPort = EmbeddedElasticsearch.freePort();
            int prometheusPort = EmbeddedElasticsearch.freePort();
            String local = "\n# Written by FlinkSessionCluster: free ports and private state directories.\n"
                    + "rest.port: " + restPort + "\n"
                    + "jobmanager.rpc.port: " + EmbeddedElasticsearch.freePort() + "\n"
                    + "blob.server.port: " + EmbeddedElasticsearch.freePort() + "\n"
                    + "taskmanager.rpc.port: " + EmbeddedElasticsearch.freePort() + "\n"
                    + "taskmanager.data.port: " + EmbeddedElasticsearch.freePort() + "\n"
                    + "state.checkpoints.dir: " + home.resolve("checkpoints").toUri() + "\n"
                    + "state.savepoints.dir: " + home.resolve("savepoints").toUri() + "\n"
                    + "metrics.reporter.prom.port: " + prometheusPort + "-" + (prometheusPort + PROMETHEUS_PORTS - 1) + "\n"
                    + "web.tmpdir: " + home.resolve("web") + "\n"
                    + "io.tmp.dirs: " + home.resolve("tmp") + "\n";
            Files.writeString(conf.resolve("flink-conf.yaml"), base + local);
            Files.writeString(conf.resolve("log4j.properties"), LOG4J);
            Files.writeString(conf.resolve("log4j-cli.properties"), LOG4J);
            FlinkSessionCluster cluster = new FlinkSessionCluster(home, libDir.toAbsolutePath(), javaOpts(base), restPort, prometheusPort);
            try {
                cluster.startAll();
            } catch (RuntimeException | IOException e) {
                cluster.close();
                throw e;
            }
            LOG.info("Flink session cluster up, web UI at {}", cluster.restUrl());
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Flink session cluster: " + e.getMessage(), e);
        }
    }

    private void startAll() throws IOException {
        startProcess("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                "GET_JM_RESOURCE_PARAMS");
        awaitRest("/overview", "\"flink-version\"");
        startProcess("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                "GET_TM_RESOURCE_PARAMS");
        awaitRest("/overview", "\"taskmanagers\":1");
    }

    public String restUrl() {
        return "http://localhost:" + restPort;
    }

    /** What the Prometheus reporters of the JobManager and the TaskManager expose, concatenated. */
    public String prometheusMetrics() {
        StringBuilder all = new StringBuilder();
        for (int port = prometheusPort; port < prometheusPort + PROMETHEUS_PORTS; port++) {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                all.append(response.body());
            } catch (IOException e) {
                // no reporter on this port
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all.toString();
    }

    public Path home() {
        return home;
    }

    /** Runs {@code flink <args>} (CliFrontend) against this cluster and returns its output. */
    public CliResult cli(Path workingDir, String... args) {
        List<String> command = java(List.of("-Dlog.file=" + home.resolve("log/cli.log"),
                "-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j-cli.properties")));
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(Arrays.asList(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
            builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new CliResult(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET on the REST API; the body, or null when it does not answer 200. */
    public String rest(String path) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void startProcess(String name, String mainClass, String resourceParams) throws IOException {
        List<String> resources = bashJavaUtils(resourceParams);
        List<String> command = java(List.of());
        command.addAll(split(resources.get(0)));
        command.add("-Dlog.file=" + home.resolve("log/" + name + ".log"));
        command.add("-Dlog4j.configurationFile=file:" + home.resolve("conf/log4j.properties"));
        command.add(mainClass);
        command.addAll(List.of("--configDir", home.resolve("conf").toString()));
        command.addAll(split(resources.size() > 1 ? resources.get(1) : ""));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                // The web UI's Stdout tab reads <log>.out beside the log file.
                .redirectOutput(home.resolve("log/" + name + ".out").toFile());
        builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
        processes.add(builder.start());
    }

    private List<String> bashJavaUtils(String command) throws IOException {
        List<String> java = java(List.of());
        java.addAll(List.of(UTILS, command, "--configDir", home.resolve("conf").toString()));
        Process process = new ProcessBuilder(java).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> results = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                results.add(line.substring(RESULT_PREFIX.length()).trim());
            }
        }
        if (results.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no result:\n" + output);
        }
        return results;
    }

    private List<String> java(List<String> properties) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.addAll(properties);
        command.add("-cp");
        command.add(libDir + "/*");
        return command;
    }

    private void awaitRest(String path, String expected) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("A Flink process exited during start-up; see " + home.resolve("log"));
                }
            }
            String body = rest(path);
            if (body != null && body.contains(expected)) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("Flink did not answer " + expected + " on " + path + "; see " + home.resolve("log"));
    }

    /** {@code env.java.opts.all} from flink-conf.yaml: Java 17's --add-opens and friends. */
    static List<String> javaOpts(String flinkConf) {
        for (String line : flinkConf.split("\n")) {
            if (line.startsWith("env.java.opts.all:")) {
                return split(line.substring("env.java.opts.all:".length()));
            }
        }
        return List.of();
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.trim().split("\\s+")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process process = processes.get(i);
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        EmbeddedElasticsearch.deleteTree(home);
    }

    /** Runs a session cluster from target/lib and flink-conf/ until Ctrl-C. */
    public static void main(String[] args) throws InterruptedException {
        FlinkSessionCluster cluster = start(Paths.get(args.length > 0 ? args[0] : "target/lib"),
                Paths.get(args.length > 1 ? args[1] : "flink-conf"));
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "stop-flink"));
        System.out.println("Flink session cluster: " + cluster.restUrl());
        System.out.println("Submit with: FLINK_CONF_DIR=" + cluster.home().resolve("conf")
                + " java -cp 'target/lib/*' org.apache.flink.client.cli.CliFrontend run -d target/mongo-es-sync.jar ...");
        System.out.println("Press Ctrl-C to stop it.");
        Thread.currentThread().join();
    }

    private static final String LOG4J = String.join("\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "");
}
