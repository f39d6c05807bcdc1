package io.mongoessync.bench;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Streaming as users run it, each tool a whole process that copies a 10,000-movie collection and
 * then follows its change stream: sustained change rates (a fresh insert's write to its first
 * appearance in search, as {@link StreamBench} measures it) and a burst of inserts drained until
 * all are searchable. The tools take turns on the same servers and documents; the process's own
 * CPU comes from the operating system, Elasticsearch's is measured around each phase.
 */
final class PeerStreamBench {

    private static final String NAMESPACE = "bench.peerstream";

    /** One phase of one tool: a sustained rate, or the burst (rate 0). */
    static final class Row {
        final String tool;
        final int rate;
        final double achieved;
        final long p50;
        final long p99;
        final long max;
        final int unseen;
        final long changes;
        final double cpuSeconds;
        final double esCpuSeconds;
        long maxRssKb;

        Row(String tool, int rate, double achieved, long p50, long p99, long max, int unseen, long changes, double cpuSeconds,
                double esCpuSeconds) {
            this.tool = tool;
            this.rate = rate;
            this.achieved = achieved;
            this.p50 = p50;
            this.p99 = p99;
            this.max = max;
            this.unseen = unseen;
            this.changes = changes;
            this.cpuSeconds = cpuSeconds;
            this.esCpuSeconds = esCpuSeconds;
        }

        double cpuMicrosPerChange() {
            return cpuSeconds * 1e6 / changes;
        }

        double esCpuMicrosPerChange() {
            return esCpuSeconds * 1e6 / changes;
        }
    }

    private final BenchServers servers;
    private final PeerProcesses tools;

    PeerStreamBench(BenchServers servers, PeerProcesses tools) {
        this.servers = servers;
        this.tools = tools;
    }

    /** The job, its variant and Monstache (when given), each through every rate and then the burst. */
    List<Row> run(List<Integer> rates, int seconds, int burst) throws Exception {
        List<Row> rows = new ArrayList<>();
        List<String> tools = this.tools.tools();
        // Unreported: the first tool otherwise met a cold Elasticsearch and stand-in, which cost it a
        // quarter of its burst (runs 30-31). Every tool warms up, with a whole burst: Elasticsearch
        // spends four times its later CPU per document on its first 100,000 (bench/results/runs,
        // run 52), and a warm-up of the first tool alone still left it with twice the others'
        // Elasticsearch CPU per change (run 53).
        System.out.println("peers-stream: warm-up, not reported:");
        for (int i = 0; i < tools.size(); i++) {
            measure(tools.get(i), "peerstream-warmup-" + i, List.of(rates.get(0)), 5, burst);
        }
        for (int i = 0; i < tools.size(); i++) {
            rows.addAll(measure(tools.get(i), "peerstream-" + i, rates, seconds, burst));
        }
        return rows;
    }

    private List<Row> measure(String tool, String index, List<Integer> rates, int seconds, int burst) throws Exception {
        servers.client.getDatabase("bench").getCollection("peerstream").drop();
        MongoCollection<Document> movies = servers.seed(NAMESPACE, StreamBench.MOVIES);
        servers.http.delete("/" + index);
        servers.http.put("/" + index, PeerProcesses.MAPPINGS);
        List<String> command = tools.command(tool, NAMESPACE, index, false);
        Path log = tools.work.resolve(index + ".log");
        Process process = tools.process(tool, command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Row> rows = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (servers.http.count(index) < StreamBench.MOVIES) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(tool + " did not copy " + StreamBench.MOVIES + " movies; see " + log);
                }
                Thread.sleep(200);
            }
            // The copy's last bulks and the stream's start settle before anything is timed.
            Thread.sleep(5000);
            StreamBench stream = new StreamBench(servers, NAMESPACE, index);
            for (int rate : rates) {
                System.out.printf("peers-stream: %s at %d changes/s for %d s ...%n", tool, rate, seconds);
                double cpu = cpuSeconds(process);
                double es = servers.elasticsearchCpuSeconds();
                StreamBench.Result result = stream.run(rate, seconds);
                long changes = Math.round(result.achievedRate * seconds);
                rows.add(report(new Row(tool, rate, result.achievedRate, result.percentile(50), result.percentile(99),
                        result.percentile(100), result.unseen, changes, cpuSeconds(process) - cpu,
                        servers.elasticsearchCpuSeconds() - es)));
            }
            System.out.printf("peers-stream: %s draining a burst of %d inserts ...%n", tool, burst);
            rows.add(report(burst(tool, process, movies, index, burst)));
            long rss = peakRssKb(process);
            rows.forEach(row -> row.maxRssKb = rss);
        } finally {
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            servers.http.delete("/" + index);
        }
        return rows;
    }

    /**
     * Inserts as fast as the stand-in takes them, 1,000 per insertMany; drained when a search finds
     * every document, under the index's own refresh as a user's search would. Until run 53 the bench
     * forced a refresh every 100 ms, which no user's search does, and which cost Elasticsearch a
     * segment for each 100 ms of a tool that sends its bulks as they fill.
     */
    private Row burst(String tool, Process process, MongoCollection<Document> movies, String index, int burst) throws Exception {
        double cpu = cpuSeconds(process);
        double es = servers.elasticsearchCpuSeconds();
        ElasticsearchActivity activity = ElasticsearchActivity.before(servers.http, index);
        long start = System.nanoTime();
        for (int from = 0; from < burst; from += 1000) {
            List<Document> batch = new ArrayList<>();
            for (int i = from; i < Math.min(burst, from + 1000); i++) {
                batch.add(new Document("_id", "burst-" + i + "-" + start).append("title", "burst").append("id", i));
            }
            movies.insertMany(batch);
        }
        long expected = movies.countDocuments();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (servers.http.get("/" + index + "/_count").path("count").asLong(-1) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(tool + " did not drain the burst in 10 minutes");
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("    " + activity.since(burst));
        return new Row(tool, 0, burst / seconds, -1, -1, -1, 0, burst, cpuSeconds(process) - cpu, servers.elasticsearchCpuSeconds() - es);
    }

    private static Row report(Row row) {
        if (row.rate == 0) {
            System.out.printf("  %s: burst drained at %.0f docs/s, %.0f µs CPU per document%n", row.tool, row.achieved, row.cpuMicrosPerChange());
        } else {
            System.out.printf("  %s: %.0f/s achieved, p50 %d ms, p99 %d ms, max %d ms, unseen %d, %.0f µs CPU per change%n", row.tool,
                    row.achieved, row.p50, row.p99, row.max, row.unseen, row.cpuMicrosPerChange());
        }
        return row;
    }

    /** The process's own CPU so far (user and system), as the operating system counts it. */
    private static double cpuSeconds(Process process) {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    private static long peakRssKb(Process process) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder("## Streaming as a whole process, beside Monstache\n\n"
                + "Each tool copies 10,000 movies, then follows the change stream; the tools take turns on the same stand-in and "
                + "Elasticsearch. Latency is from a fresh insert's write to its first hit in a search (the index's own 1 s refresh), "
                + "nine updates per insert; the burst is inserts as fast as the stand-in takes them, timed until a search finds them all (no forced refresh). "
                + "CPU is the process's own; Elasticsearch's is measured around each phase.\n\n"
                + "| tool | work | achieved | p50 | p99 | max | unseen | own CPU per change | ES CPU per change | peak RSS |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %s | %.0f/s | %s | %s | %s | %d | %.0f µs | %.0f µs | %.0f MB |%n", r.tool,
                    r.rate == 0 ? "burst of " + r.changes + " inserts" : r.rate + " changes/s", r.achieved, ms(r.p50), ms(r.p99),
                    ms(r.max), r.unseen, r.cpuMicrosPerChange(), r.esCpuMicrosPerChange(), r.maxRssKb / 1024.0));
        }
        List<Row> peer = rows.stream().filter(r -> r.tool.equals(PeerProcesses.MONSTACHE)).toList();
        for (String tool : rows.stream().map(r -> r.tool).filter(t -> !t.equals(PeerProcesses.MONSTACHE)).distinct().toList()) {
            List<Row> job = rows.stream().filter(r -> r.tool.equals(tool)).toList();
            if (peer.isEmpty()) {
                break;
            }
            md.append("\n**").append(tool).append(" ÷ Monstache**:");
            for (int i = 0; i < job.size() && i < peer.size(); i++) {
                Row j = job.get(i);
                Row m = peer.get(i);
                md.append(j.rate == 0
                        ? String.format(" burst drain %.2f× the throughput, %.2f× the CPU per document.", j.achieved / m.achieved,
                                j.cpuMicrosPerChange() / m.cpuMicrosPerChange())
                        : String.format(" at %d/s p99 %.2f×, CPU per change %.2f×;", j.rate, (double) j.p99 / m.p99,
                                j.cpuMicrosPerChange() / m.cpuMicrosPerChange()));
            }
            md.append("\n");
        }
        md.append('\n');
        return md.toString();
    }

    private static String ms(long value) {
        return value < 0 ? "–" : value + " ms";
    }
}
