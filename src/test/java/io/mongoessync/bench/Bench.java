package io.mongoessync.bench;

import org.apache.flink.core.execution.JobClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark harness, a main program and not a test: {@code bench/run [suite]}.
 *
 * <ul>
 *   <li>{@code all} (default): copy of 100k documents at parallelism 1 and 2, streaming latency at
 *       500, 2,000 and 5,000 changes/s for 60 s each, memory throughout.
 *   <li>{@code copy N [P...]}: the copy only, e.g. {@code copy 1000000 1 2}.
 *   <li>{@code stream RATES SECONDS [P]}: streaming only, e.g. {@code stream 2000 600} for a
 *       10-minute soak.
 *   <li>{@code peers N [ROUNDS]}: the copy of N documents as a whole process, the job's local run beside
 *       Monstache's, e.g. {@code peers 100000 3 --monstache ../shared/peers/monstache}; without
 *       {@code --monstache} the job runs alone.
 *   <li>{@code peers-stream RATES SECONDS BURST}: streaming as a whole process, beside Monstache, e.g.
 *       {@code peers-stream 500,2000,5000 60 50000 --monstache ../shared/peers/monstache}.
 *   <li>{@code --variant KEY=VALUE,...} after any of them repeats each measurement with those
 *       settings, side by side: how a fix is shown before and after.
 * </ul>
 *
 * Every figure is measured in the same run as the figures it is compared with; the report goes to
 * bench/results/ as markdown with PNG plots.
 */
public final class Bench {

    private Bench() {}

    /** Settings after {@code --variant}, as KEY=VALUE,...: each measurement is repeated with them, in the same run. */
    private static String[] variant(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--variant")) {
                List<String> pairs = new ArrayList<>();
                for (String pair : args[i + 1].split(",")) {
                    int equals = pair.indexOf('=');
                    pairs.add(pair.substring(0, equals));
                    pairs.add(pair.substring(equals + 1));
                }
                return pairs.toArray(new String[0]);
            }
        }
        return new String[0];
    }

    /** The peers' processes: --monstache BINARY, and a variant of the job from --job-jvm OPTIONS, --job-args SETTINGS and --job-from BUILD. */
    private static PeerProcesses peerProcesses(BenchServers servers, String[] args) throws java.io.IOException {
        String binary = option(args, "--monstache");
        String build = option(args, "--job-from");
        return new PeerProcesses(servers, binary == null ? null : Paths.get(binary), option(args, "--job-jvm"), option(args, "--job-args"),
                build == null ? null : Paths.get(build).toAbsolutePath());
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    public static void main(String[] args) throws Exception {
        String suite = args.length > 0 ? args[0] : "all";
        Path results = Paths.get("bench", "results");
        Files.createDirectories(results);
        Report report = new Report(results);
        int streamParallelism = suite.equals("stream") && args.length > 3 && !args[3].startsWith("--") ? Integer.parseInt(args[3]) : 1;
        try (BenchServers servers = new BenchServers()) {
            String[] variant = variant(args);
            if (suite.equals("peers")) {
                int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
                int rounds = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 3;
                PeerCopyBench peers = new PeerCopyBench(servers, peerProcesses(servers, args));
                System.out.printf("peers: copy of %d documents, %d rounds ...%n", n, rounds);
                report.peers(peers.run(n, rounds));
            }
            if (suite.equals("peers-stream")) {
                List<Integer> rates = new ArrayList<>();
                for (String rate : (args.length > 1 ? args[1] : "500,2000,5000").split(",")) {
                    rates.add(Integer.parseInt(rate.trim()));
                }
                int seconds = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 60;
                int burst = args.length > 3 && !args[3].startsWith("--") ? Integer.parseInt(args[3]) : 50_000;
                PeerStreamBench peers = new PeerStreamBench(servers, peerProcesses(servers, args));
                report.peerStreams(peers.run(rates, seconds, burst));
            }
            if (suite.equals("files")) {
                int files = args.length > 1 ? Integer.parseInt(args[1]) : 400;
                FileBench bench = new FileBench(servers);
                System.out.println("files: warm-up, 100 files, not reported ...");
                bench.run(100, 1);
                List<FileBench.Result> extracted = new ArrayList<>();
                for (int parallelism : List.of(1, 2)) {
                    System.out.printf("files: %d files at parallelism %d ...%n", files, parallelism);
                    extracted.add(bench.run(files, parallelism));
                }
                report.files(FileBench.markdown(extracted));
            }
            if (suite.equals("all") || suite.equals("copy")) {
                int n = suite.equals("copy") && args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
                List<Integer> parallelisms = new ArrayList<>();
                for (int i = 2; suite.equals("copy") && i < args.length && !args[i].startsWith("--"); i++) {
                    parallelisms.add(Integer.parseInt(args[i]));
                }
                if (parallelisms.isEmpty()) {
                    parallelisms = List.of(1, 2);
                }
                // The first run in a JVM (and of a fresh Elasticsearch) pays for JIT compilation: run once, unmeasured.
                System.out.println("copy: warm-up, 20000 documents, not reported ...");
                new CopyBench(servers).run(20_000, 1);
                for (int parallelism : parallelisms) {
                    System.out.printf("copy: %d documents at parallelism %d ...%n", n, parallelism);
                    report.copy(new CopyBench(servers).run(n, parallelism));
                    if (variant.length > 0) {
                        System.out.printf("copy: %d documents at parallelism %d with %s ...%n", n, parallelism, String.join(" ", variant));
                        CopyBench.Result tuned = new CopyBench(servers).run(n, parallelism, variant);
                        tuned.label = String.join(" ", variant);
                        report.copy(tuned);
                    }
                }
            }
            if (suite.equals("all") || suite.equals("stream")) {
                String rates = suite.equals("stream") && args.length > 1 ? args[1] : "500,2000,5000";
                int seconds = suite.equals("stream") && args.length > 2 ? Integer.parseInt(args[2]) : 60;
                List<String[]> runs = new ArrayList<>();
                runs.add(new String[0]);
                if (variant.length > 0) {
                    runs.add(variant);
                }
                for (int r = 0; r < runs.size(); r++) {
                    StreamBench stream = new StreamBench(servers, String.valueOf(r));
                    System.gc();
                    long baseline = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    try (ResourceSampler sampler = new ResourceSampler(servers.rocksDb)) {
                        JobClient job = stream.start(streamParallelism, runs.get(r));
                        for (String rate : rates.split(",")) {
                            System.out.printf("stream: %s changes/s for %d s %s...%n", rate, seconds, String.join(" ", runs.get(r)));
                            StreamBench.Result result = stream.run(Integer.parseInt(rate.trim()), seconds);
                            result.label = runs.get(r).length == 0 ? "defaults" : String.join(" ", runs.get(r));
                            report.stream(result);
                        }
                        if (r == 0) {
                            report.streamMemory(sampler.samples(), baseline, streamParallelism);
                        }
                        job.cancel().get();
                    }
                }
            }
        }
        // A stream run at another parallelism gets its own report, beside the parallelism 1 one.
        Path written = report.write(streamParallelism == 1 ? suite : suite + "-p" + streamParallelism);
        System.out.println(Files.readString(written));
        System.out.println("Written to " + written);
        System.exit(0);
    }
}
