package io.mongoessync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * How the peers benches start each tool, as users start it: the job with the README's local-run
 * command, Monstache with a TOML file and {@code elasticsearch-max-conns = 4} (the seed's value).
 */
final class PeerProcesses {

    /** Numeric fields mapped before either tool writes: Monstache writes an integral double as 5, and dynamic mapping races. */
    static final String MAPPINGS = "{\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0},"
            + "\"mappings\":{\"properties\":{\"id\":{\"type\":\"long\"},\"popularity\":{\"type\":\"double\"},"
            + "\"vote_average\":{\"type\":\"double\"},\"vote_count\":{\"type\":\"long\"},\"written\":{\"type\":\"long\"}}}}";

    private final BenchServers servers;
    private final Path monstache;
    /** JVM options of a second run of the job beside the first, to compare them in one run; empty for none. */
    private final List<String> jobVariant;
    final Path work;

    /**
     * @param monstache the Monstache binary, or null to run the job alone
     * @param jobVariant JVM options for a variant of the job run beside it (--job-jvm), or null
     */
    PeerProcesses(BenchServers servers, Path monstache, String jobVariant) throws IOException {
        this.servers = servers;
        this.jobVariant = jobVariant == null || jobVariant.isBlank() ? List.of() : List.of(jobVariant.trim().split("\\s+"));
        this.work = Files.createTempDirectory("peer-bench");
        if (monstache == null) {
            this.monstache = null;
        } else {
            // The shared copy arrives without execute bits.
            this.monstache = work.resolve("monstache");
            Files.copy(monstache, this.monstache);
            Files.setPosixFilePermissions(this.monstache, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    boolean hasMonstache() {
        return monstache != null;
    }

    /** The tools to run in turn: the job, its variant when one is given, Monstache when given. */
    List<String> tools() {
        List<String> tools = new ArrayList<>(List.of(JOB));
        if (!jobVariant.isEmpty()) {
            tools.add(variantName());
        }
        if (hasMonstache()) {
            tools.add(MONSTACHE);
        }
        return tools;
    }

    static final String JOB = "the job";
    static final String MONSTACHE = "Monstache";

    private String variantName() {
        return "the job with " + String.join(" ", jobVariant);
    }

    /** The command that starts {@code tool}, one of {@link #tools()}. */
    List<String> command(String tool, String namespace, String index, boolean copyOnly) throws IOException {
        if (tool.equals(MONSTACHE)) {
            return monstache(namespace, index, copyOnly);
        }
        return job(namespace, index, copyOnly, tool.equals(JOB) ? List.of() : jobVariant);
    }

    /**
     * The README's command for a local run, heap limit included. BENCH_JOB_JAVA_OPTS adds JVM options
     * (e.g. -XX:StartFlightRecording=filename=job.jfr for a profile), BENCH_JOB_ARGS settings.
     */
    private List<String> job(String namespace, String index, boolean copyOnly, List<String> variant) {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(io.mongoessync.testing.LocalRunProcess.JVM_OPTIONS);
        command.addAll(fromEnvironment("BENCH_JOB_JAVA_OPTS"));
        command.addAll(variant);
        command.addAll(List.of("-jar", "target/mongo-es-sync-local.jar",
                "--mongo-url", servers.mongo.connectionString(), "--elasticsearch-urls", servers.es.url(),
                "--direct-read-namespaces", namespace, "--index-mapping", namespace + ":" + index));
        if (copyOnly) {
            command.addAll(List.of("--exit-after-direct-reads", "true"));
        }
        command.addAll(fromEnvironment("BENCH_JOB_ARGS"));
        return command;
    }

    /** Monstache copying {@code namespace} into {@code index}, then following its change stream unless {@code copyOnly}. */
    private List<String> monstache(String namespace, String index, boolean copyOnly) throws IOException {
        Path config = work.resolve("monstache-" + index + ".toml");
        List<String> lines = new ArrayList<>(List.of(
                "mongo-url = \"" + servers.mongo.connectionString() + "/?directConnection=true\"",
                "elasticsearch-urls = [\"" + servers.es.url() + "\"]",
                "direct-read-namespaces = [\"" + namespace + "\"]",
                "elasticsearch-max-conns = 4"));
        lines.add(copyOnly ? "exit-after-direct-reads = true" : "change-stream-namespaces = [\"" + namespace + "\"]");
        lines.addAll(List.of("[[mapping]]", "namespace = \"" + namespace + "\"", "index = \"" + index + "\"", ""));
        Files.writeString(config, String.join("\n", lines));
        return List.of(monstache.toString(), "-f", config.toString());
    }

    private static List<String> fromEnvironment(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
