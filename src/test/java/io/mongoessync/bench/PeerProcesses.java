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
    /** Settings the variant adds to the job's command line; empty for none. */
    private final List<String> variantArgs;
    /** Another build (a worktree of another commit) whose job runs as the variant, or null. */
    private final Path variantBuild;
    final Path work;

    /**
     * @param monstache the Monstache binary, or null to run the job alone
     * @param jobVariant JVM options for a variant of the job run beside it (--job-jvm), or null
     * @param variantArgs settings the variant adds to the job's command line (--job-args), or null
     * @param variantBuild the directory of another build, packaged, whose job is the variant (--job-from), or null
     */
    PeerProcesses(BenchServers servers, Path monstache, String jobVariant, String variantArgs, Path variantBuild) throws IOException {
        this.servers = servers;
        this.jobVariant = words(jobVariant);
        this.variantArgs = words(variantArgs);
        this.variantBuild = variantBuild;
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
        if (!jobVariant.isEmpty() || !variantArgs.isEmpty() || variantBuild != null) {
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
        return "the job" + (variantBuild == null ? "" : " of " + variantBuild)
                + (jobVariant.isEmpty() && variantArgs.isEmpty() ? "" : " with " + String.join(" ", jobVariant)
                        + (jobVariant.isEmpty() || variantArgs.isEmpty() ? "" : " ") + String.join(" ", variantArgs));
    }

    /** Starts {@code command} of {@code tool}: another build's job from that build's directory, as its README says. */
    ProcessBuilder process(String tool, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (variantBuild != null && tool.equals(variantName())) {
            builder.directory(variantBuild.toFile());
        }
        return builder;
    }

    /** The command that starts {@code tool}, one of {@link #tools()}. */
    List<String> command(String tool, String namespace, String index, boolean copyOnly) throws IOException {
        if (tool.equals(MONSTACHE)) {
            return monstache(namespace, index, copyOnly);
        }
        return tool.equals(JOB) ? job(namespace, index, copyOnly, List.of(), List.of())
                : job(namespace, index, copyOnly, jobVariant, variantArgs);
    }

    /**
     * The README's command for a local run, heap limit included. BENCH_JOB_JAVA_OPTS adds JVM options
     * (e.g. -XX:StartFlightRecording=filename=job.jfr for a profile), BENCH_JOB_ARGS settings.
     */
    private List<String> job(String namespace, String index, boolean copyOnly, List<String> variant, List<String> settings) {
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
        command.addAll(settings);
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
        return words(System.getenv(name));
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
