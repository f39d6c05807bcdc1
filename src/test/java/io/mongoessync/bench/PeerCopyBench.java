package io.mongoessync.bench;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The copy as users run it, each tool a whole process on the same servers and documents: the job's
 * local run (the README's command) with {@code --exit-after-direct-reads true}, and Monstache with
 * {@code exit-after-direct-reads} and {@code elasticsearch-max-conns = 4}. {@code /usr/bin/time}
 * gives each process's wall time, CPU and peak RSS, so nothing in this JVM is counted.
 */
final class PeerCopyBench {

    /** Enough for Monstache to cut the collection into segments (5,000 documents at least each), as it does in the rounds. */
    private static final int WARM_UP = 60_000;
    private static final int MAX_WARM_UP_ROUNDS = 5;

    /** One process's run. */
    static final class Run {
        final String tool;
        final int documents;
        final double seconds;
        final double cpuSeconds;
        final long maxRssKb;
        final double esCpuSeconds;
        /** The bench JVM's CPU during the run: the MongoDB stand-in serving the tool's reads, and little else. */
        double standInCpuSeconds = Double.NaN;
        /** From process start until Elasticsearch had indexed the first document (its indexing stats, no refresh needed). */
        double firstDocumentSeconds = Double.NaN;
        /** From process start until Elasticsearch had indexed all of them: the rest of the wall time is the tool's exit. */
        double lastDocumentSeconds = Double.NaN;

        Run(String tool, int documents, double seconds, double cpuSeconds, long maxRssKb, double esCpuSeconds) {
            this.tool = tool;
            this.documents = documents;
            this.seconds = seconds;
            this.cpuSeconds = cpuSeconds;
            this.maxRssKb = maxRssKb;
            this.esCpuSeconds = esCpuSeconds;
        }

        double docsPerSecond() {
            return documents / seconds;
        }

        double cpuMicrosPerDoc() {
            return cpuSeconds * 1e6 / documents;
        }

        double esCpuMicrosPerDoc() {
            return esCpuSeconds * 1e6 / documents;
        }

        double standInCpuMicrosPerDoc() {
            return standInCpuSeconds * 1e6 / documents;
        }
    }

    private final BenchServers servers;
    private final PeerProcesses tools;

    PeerCopyBench(BenchServers servers, PeerProcesses tools) {
        this.servers = servers;
        this.tools = tools;
    }

    /**
     * Rounds over one seeded collection, each tool first in turn, after unmeasured rounds of every
     * tool: a fresh Elasticsearch pays for its own JIT compilation first, which would otherwise count
     * against whichever tool went first. So does the stand-in, for each tool's own queries: with the
     * job alone warming it up, it spent 38-48 µs of CPU per document Monstache copied against 9-15
     * for the job's, 2-3 s of it in its JIT compilers (per thread, /proc), on the cores both share.
     * One warm-up round was not enough: in run 58 Elasticsearch's indexing time per document went
     * 323, 145, 108, then 82, 52 and 53 µs in the first measured round, and 32-39 µs after. So the
     * warm-up goes on until Elasticsearch's CPU per document falls by less than a sixth from one
     * round to the next.
     */
    List<Run> run(int n, int rounds) throws Exception {
        MongoCollection<Document> warm = servers.seed("bench.peerwarmup", WARM_UP);
        double previous = Double.NaN;
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            System.out.println("  warm-up round " + round + ", not reported:");
            double esCpuSeconds = 0;
            for (String tool : tools.tools()) {
                String index = "peerwarmup-" + tools.tools().indexOf(tool) + "-" + round;
                esCpuSeconds += timed(tool, index, WARM_UP, tools.command(tool, "bench.peerwarmup", index, true)).esCpuSeconds;
                servers.http.delete("/" + index);
            }
            double perDocument = esCpuSeconds * 1e6 / (WARM_UP * tools.tools().size());
            System.out.printf("    Elasticsearch: %.0f µs CPU per document in this round%n", perDocument);
            if (previous / perDocument < 1.2) {
                break;
            }
            previous = perDocument;
        }
        warm.drop();
        String collection = "peer" + n;
        MongoCollection<Document> movies = servers.seed("bench." + collection, n);
        // The stand-in sorts a collection by _id at the first read with min (the job's) after a write,
        // and keeps the order: made now, it no longer costs whichever tool reads first 5-7 s.
        movies.find().hint(new Document("_id", 1)).min(new Document("_id", new org.bson.types.MinKey())).first();
        // Nor should the garbage of seeding a million documents be collected during the first tool's run.
        System.gc();
        List<Run> runs = new ArrayList<>();
        List<String> order = new ArrayList<>(tools.tools());
        for (int round = 1; round <= rounds; round++) {
            for (String tool : order) {
                String index = "peer-" + order.indexOf(tool) + "-" + collection + "-" + round;
                runs.add(timed(tool, index, n, tools.command(tool, "bench." + collection, index, true)));
            }
            java.util.Collections.rotate(order, -1);
        }
        movies.drop();
        return runs;
    }

    private Run timed(String tool, String index, int n, List<String> command) throws Exception {
        servers.http.put("/" + index, PeerProcesses.MAPPINGS);
        Path times = tools.work.resolve(index + ".time");
        Path log = tools.work.resolve(index + ".log");
        List<String> timedCommand = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M"));
        timedCommand.addAll(command);
        double esBefore = servers.elasticsearchCpuSeconds();
        long standInBefore = CopyBench.jvmCpuNanos();
        ElasticsearchActivity activity = ElasticsearchActivity.before(servers.http, index);
        long started = System.nanoTime();
        Process process = tools.process(tool, timedCommand).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        double[] firstAndLast = {Double.NaN, Double.NaN};
        Thread probe = new Thread(() -> watchIndexing(index, n, process, started, firstAndLast), "bench-first-document");
        probe.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish its copy in 30 minutes; see " + log);
        }
        double esCpu = servers.elasticsearchCpuSeconds() - esBefore;
        double standInCpu = (CopyBench.jvmCpuNanos() - standInBefore) / 1e9;
        probe.join();
        String[] figures = Files.readAllLines(times, StandardCharsets.UTF_8).get(Files.readAllLines(times).size() - 1).trim().split(" ");
        servers.http.post("/" + index + "/_refresh", "");
        long count = servers.http.count(index);
        // Monstache may exit 1 after a complete copy: its change stream's context is cancelled as it
        // stops ("Error starting change stream ... context canceled"). Only a short count fails a run.
        if (count != n || process.exitValue() != 0 && !tool.equals(PeerProcesses.MONSTACHE)) {
            throw new IllegalStateException(tool + " exited with " + process.exitValue() + " after writing " + count + " of "
                    + n + " documents; see " + log);
        }
        String written = activity.since(n);
        servers.http.delete("/" + index);
        Run run = new Run(tool, n, Double.parseDouble(figures[0]), Double.parseDouble(figures[1]) + Double.parseDouble(figures[2]),
                Long.parseLong(figures[3]), esCpu);
        run.firstDocumentSeconds = firstAndLast[0];
        run.lastDocumentSeconds = firstAndLast[1];
        run.standInCpuSeconds = standInCpu;
        System.out.printf("  %s: %.1f s, first document at %.2f s, last at %.2f s, %.0f docs/s, %.0f µs CPU/doc, %.0f MB peak RSS%n",
                tool, run.seconds, run.firstDocumentSeconds, run.lastDocumentSeconds, run.docsPerSecond(), run.cpuMicrosPerDoc(),
                run.maxRssKb / 1024.0);
        System.out.println("    " + written);
        return run;
    }

    /**
     * Polls the index's indexing count while the process runs, without forcing a refresh: when the
     * first document was written, whichever it is (every 20 ms), and when all {@code n} were (every
     * 100 ms after that, to cost Elasticsearch little). NaN for what never happened.
     */
    private void watchIndexing(String index, int n, Process process, long started, double[] firstAndLast) {
        try {
            while (true) {
                boolean alive = process.isAlive();
                long indexed = indexed(index);
                double at = (System.nanoTime() - started) / 1e9;
                if (indexed > 0 && Double.isNaN(firstAndLast[0])) {
                    firstAndLast[0] = at;
                }
                if (indexed >= n) {
                    firstAndLast[1] = at;
                    return;
                }
                if (!alive) {
                    return;
                }
                Thread.sleep(Double.isNaN(firstAndLast[0]) ? 20 : 100);
            }
        } catch (Exception e) {
            // the figures stay NaN
        }
    }

    private long indexed(String index) {
        return servers.http.get("/" + index + "/_stats/indexing").path("_all").path("primaries").path("indexing")
                .path("index_total").asLong(0);
    }

    /** The runs side by side, per size: medians would hide the noise this machine has, so every round is shown. */
    static String markdown(List<Run> runs) {
        StringBuilder md = new StringBuilder("## Copy as a whole process, beside Monstache\n\n"
                + "Each tool is its own process on the same stand-in, Elasticsearch and documents, numeric fields mapped up front; "
                + "rounds alternate which tool goes first. CPU and peak RSS are the process's own (`/usr/bin/time`), "
                + "Elasticsearch's CPU and the bench JVM's (the MongoDB stand-in) are measured around each run.\n\n"
                + "| documents | tool | wall | first document | last document | docs/s | own CPU per doc | ES CPU per doc | stand-in CPU per doc | peak RSS |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append(String.format("| %d | %s | %.1f s | %.2f s | %.2f s | %.0f | %.0f µs | %.0f µs | %.0f µs | %.0f MB |%n", r.documents,
                    r.tool, r.seconds, r.firstDocumentSeconds, r.lastDocumentSeconds, r.docsPerSecond(), r.cpuMicrosPerDoc(), r.esCpuMicrosPerDoc(),
                    r.standInCpuMicrosPerDoc(), r.maxRssKb / 1024.0));
        }
        List<Run> peer = runs.stream().filter(r -> r.tool.equals(PeerProcesses.MONSTACHE)).toList();
        for (String tool : runs.stream().map(r -> r.tool).filter(t -> !t.equals(PeerProcesses.MONSTACHE)).distinct().toList()) {
            List<Run> job = runs.stream().filter(r -> r.tool.equals(tool)).toList();
            if (!peer.isEmpty()) {
                md.append(String.format("%n**%s ÷ Monstache** (best round of each): throughput %.2f×, wall time %.2f×, first document "
                                + "%.2f×, first to last document %.2f×, own CPU per document %.2f×, peak RSS %.2f×.%n", tool,
                        best(job, Run::docsPerSecond, true) / best(peer, Run::docsPerSecond, true),
                        best(job, r -> r.seconds, false) / best(peer, r -> r.seconds, false),
                        best(job, r -> r.firstDocumentSeconds, false) / best(peer, r -> r.firstDocumentSeconds, false),
                        best(job, r -> r.lastDocumentSeconds - r.firstDocumentSeconds, false)
                                / best(peer, r -> r.lastDocumentSeconds - r.firstDocumentSeconds, false),
                        best(job, Run::cpuMicrosPerDoc, false) / best(peer, Run::cpuMicrosPerDoc, false),
                        best(job, r -> (double) r.maxRssKb, false) / best(peer, r -> (double) r.maxRssKb, false)));
            }
        }
        md.append('\n');
        return md.toString();
    }

    private static double best(List<Run> runs, java.util.function.ToDoubleFunction<Run> figure, boolean highest) {
        java.util.stream.DoubleStream values = runs.stream().mapToDouble(figure);
        return highest ? values.max().orElse(Double.NaN) : values.min().orElse(Double.NaN);
    }
}
