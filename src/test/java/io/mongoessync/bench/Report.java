package io.mongoessync.bench;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's markdown report, its plots, and the scale model drawn from the measured costs. */
final class Report {

    private static final double MB = 1024 * 1024;
    /** JFR samples each running thread every 10 ms: a sample stands for about 10 ms of CPU. */
    private static final double SAMPLE_MS = 10;

    private final Path dir;
    private final List<CopyBench.Result> copies = new ArrayList<>();
    private final List<StreamBench.Result> streams = new ArrayList<>();
    private List<ResourceSampler.Sample> streamSamples = List.of();
    private long streamBaseline;
    private int streamParallelism;
    /** Sections written as markdown by their bench: the peers, the files. */
    private final StringBuilder sections = new StringBuilder();

    Report(Path dir) {
        this.dir = dir;
    }

    void copy(CopyBench.Result result) {
        copies.add(result);
        System.out.printf("  job %.0f docs/s, raw bulk %.0f, scan %.0f, ratio %.2f%n", result.job, result.bulk, result.scan, result.ratio());
    }

    void peers(List<PeerCopyBench.Run> runs) {
        sections.append(PeerCopyBench.markdown(runs));
    }

    void files(String markdown) {
        sections.append(markdown);
    }

    void peerStreams(List<PeerStreamBench.Row> rows) {
        sections.append(PeerStreamBench.markdown(rows));
    }

    void stream(StreamBench.Result result) {
        streams.add(result);
        System.out.printf("  achieved %.0f/s, p50 %d ms, p99 %d ms, max %d ms, unseen %d%n", result.achievedRate,
                result.percentile(50), result.percentile(99), result.percentile(100), result.unseen);
    }

    void streamMemory(List<ResourceSampler.Sample> samples, long baseline, int parallelism) {
        this.streamSamples = samples;
        this.streamBaseline = baseline;
        this.streamParallelism = parallelism;
    }

    Path write(String suite) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(String.format("# Benchmark: %s (%s)%n%nMachine: %d cores, %.0f GB RAM, %s; Java %s. The job runs on a local "
                        + "MiniCluster in the bench JVM, beside the MongoDB stand-in; Elasticsearch %s runs in its own JVM "
                        + "with a 512 MB heap.%n%n", suite,
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), Runtime.getRuntime().availableProcessors(),
                totalMemoryGb(), System.getProperty("os.name"), System.getProperty("java.version"),
                io.mongoessync.embedded.EmbeddedElasticsearch.VERSION));
        md.append(sections);
        if (!copies.isEmpty()) {
            copySection(md);
        }
        if (!streams.isEmpty()) {
            streamSection(md, suite);
        }
        Path file = dir.resolve("report-" + suite + ".md");
        Files.writeString(file, md.toString());
        return file;
    }

    private void copySection(StringBuilder md) throws Exception {
        md.append("## Copy throughput\n\n| documents | parallelism | settings | (a) job docs/s | (b) raw bulk docs/s | (c) raw scan docs/s "
                + "| a / min(b, c) | bench JVM CPU per doc | ES CPU per doc (job / raw) | peak live heap (job) | peak RSS | RocksDB |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CopyBench.Result r : copies) {
            md.append(String.format("| %d | %d | %s | %.0f | %.0f | %.0f | **%.2f** | %.0f µs | %.0f / %.0f µs | %.0f MB | %.0f MB | %.1f MB |%n",
                    r.documents, r.parallelism, r.label, r.job, r.bulk, r.scan, r.ratio(), r.jvmCpuMicrosPerDoc,
                    r.esCpuMicrosPerDocJob, r.esCpuMicrosPerDocBulk, r.heapBytes / MB, r.rssBytes / MB, r.rocksDbBytes / MB));
        }
        md.append("\nTarget a / min(b, c) >= 0.9. (b) writes the same documents, converted by the same code, 1,000 per bulk "
                + "from one thread, the faster of two runs; (c) reads them with the driver and converts nothing. The job runs "
                + "with the defaults (checkpoints every 2 s; the copy's writes wait for them). "
                + "The job and Elasticsearch share this machine's cores, so a ≤ cores / (bench JVM CPU + ES CPU per document).\n\n");
        CopyBench.Result first = copies.get(0);
        md.append(String.format("Elasticsearch CPU per document: %.0f µs for the job's writes, %.0f µs for raw bulk "
                + "(parallelism %d run).%n%n", first.esCpuMicrosPerDocJob, first.esCpuMicrosPerDocBulk, first.parallelism));
        md.append("What the same documents cost Elasticsearch, by how they are written:\n\n| documents | parallelism | settings "
                + "| raw bulk | raw bulk with external versions | the job |\n|---|---|---|---|---|---|\n");
        for (CopyBench.Result r : copies) {
            md.append(String.format("| %d | %d | %s | %.0f µs (%.0f docs/s) | %.0f µs (%.0f docs/s) | %.0f µs (%.0f docs/s) |%n",
                    r.documents, r.parallelism, r.label, r.esCpuMicrosPerDocBulk, r.bulk, r.esCpuMicrosPerDocBulkVersioned,
                    r.bulkVersioned, r.esCpuMicrosPerDocJob, r.job));
        }
        md.append('\n');
        for (CopyBench.Result r : copies) {
            md.append(String.format("### Where the job's CPU goes (copy, parallelism %d, %s): %d samples%n%n| area | share |%n|---|---|%n",
                    r.parallelism, r.label, r.profile.total));
            for (Map.Entry<String, Long> area : r.profile.byArea.entrySet()) {
                md.append(String.format("| %s | %.0f%% |%n", area.getKey(), 100.0 * area.getValue() / r.profile.total));
            }
            md.append("\nHottest methods (samples at the top of the stack):\n\n");
            r.profile.byMethod.entrySet().stream().limit(8).forEach(m ->
                    md.append(String.format("- `%s`: %.1f%%%n", m.getKey(), 100.0 * m.getValue() / r.profile.total)));
            md.append('\n');
        }
        scaleModel(md);
    }

    private void scaleModel(StringBuilder md) {
        CopyBench.Result r = copies.get(0);
        long standIn = r.profile.byArea.getOrDefault("MongoDB stand-in (server side)", 0L);
        double jobMicros = r.jvmCpuMicrosPerDoc * (1 - (double) standIn / Math.max(1, r.profile.total));
        double esMicros = r.esCpuMicrosPerDocBulk;
        int esNodes = 3;
        int esCores = 8;
        int taskManagers = 4;
        int tmCores = 4;
        double esCeiling = esNodes * esCores * 1e6 / Math.max(1, esMicros) * 0.7;
        double flinkCeiling = taskManagers * tmCores * 1e6 / Math.max(1, jobMicros) * 0.7;
        md.append(String.format("## Scale model%n%nFrom this run: the job spends about %.0f µs of CPU per copied document "
                        + "(the stand-in's own share taken out) and Elasticsearch about %.0f µs per indexed document "
                        + "(1 shard, no replica). Assume %d Elasticsearch nodes with %d cores, %d TaskManagers with %d cores, "
                        + "and 70%% usable CPU:%n%n"
                        + "- Elasticsearch: %d × %d × 10⁶ / %.0f × 0.7 ≈ **%.0f docs/s** (halve it per replica; index with "
                        + "several primary shards to use every node);%n"
                        + "- Flink: %d × %d × 10⁶ / %.0f × 0.7 ≈ **%.0f docs/s** for the copy, which splits into chunks "
                        + "read in parallel;%n"
                        + "- the change stream: Flink CDC reads it with **one** task, so streaming is bounded by one core's "
                        + "share of the source path (parsing and emitting each change), not by the cluster.%n%n"
                        + "So the copy's first bottleneck is %s. For streaming, the single change-stream reader is the ceiling "
                        + "whatever the cluster size; the next step on a real cluster is one job per database or "
                        + "collection group (each with its own change stream), or a source that splits the stream by "
                        + "namespace, which Flink CDC 3.1.1 does not do.%n%n",
                jobMicros, esMicros, esNodes, esCores, taskManagers, tmCores,
                esNodes, esCores, esMicros, esCeiling,
                taskManagers, tmCores, jobMicros, flinkCeiling,
                esCeiling < flinkCeiling ? "Elasticsearch's indexing CPU" : "the job's CPU (add TaskManagers or parallelism)"));
    }

    /** Plots are named after the suite, so one suite's run leaves another's report intact. */
    private void streamSection(StringBuilder md, String suite) throws Exception {
        md.append(String.format("## Streaming latency (parallelism %d)%n%nFrom a change's write in MongoDB to the document "
                + "found by a search (normal 1 s refresh, never forced); defaults: bulks at 10,000 actions or 200 ms, the change stream polled every 100 ms when idle, "
                + "checkpoints every 2 s.%n%n| settings | target changes/s | achieved | p50 | p99 | max | timed inserts | never seen |%n"
                + "|---|---|---|---|---|---|---|---|%n", streamParallelism));
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (StreamBench.Result r : streams) {
            md.append(String.format("| %s | %d | %.0f | %d ms | %d ms | %d ms | %d | %d |%n", r.label, r.targetRate, r.achievedRate,
                    r.percentile(50), r.percentile(99), r.percentile(100), r.latenciesMs.size(), r.unseen));
            String column = r.targetRate + "/s" + (r.label.equals("defaults") ? "" : "*");
            latency.addValue(r.percentile(50), "p50", column);
            latency.addValue(r.percentile(99), "p99", column);
            latency.addValue(r.percentile(100), "max", column);
        }
        md.append("\nTarget: p99 <= 2 s at 2,000 changes/s. In the plot, * marks the runs with the variant settings.\n\n"
                + "![latency](latency-" + suite + ".png)\n\n");
        JFreeChart chart = ChartFactory.createBarChart("Change to searchable", "changes/s", "ms", latency,
                PlotOrientation.VERTICAL, true, false, false);
        ChartUtils.saveChartAsPNG(dir.resolve("latency-" + suite + ".png").toFile(), chart, 800, 450);

        XYSeries heap = new XYSeries("live heap above baseline (MB)");
        XYSeries rss = new XYSeries("process RSS (MB)");
        XYSeries rocks = new XYSeries("RocksDB on disk (MB)");
        long peakHeap = 0;
        long peakRss = 0;
        long peakRocks = 0;
        for (ResourceSampler.Sample s : streamSamples) {
            heap.add(s.seconds, Math.max(0, s.heapBytes - streamBaseline) / MB);
            rss.add(s.seconds, s.rssBytes / MB);
            rocks.add(s.seconds, s.rocksDbBytes / MB);
            peakHeap = Math.max(peakHeap, s.heapBytes - streamBaseline);
            peakRss = Math.max(peakRss, s.rssBytes);
            peakRocks = Math.max(peakRocks, s.rocksDbBytes);
        }
        XYSeriesCollection memory = new XYSeriesCollection();
        memory.addSeries(heap);
        memory.addSeries(rss);
        memory.addSeries(rocks);
        ChartUtils.saveChartAsPNG(dir.resolve("memory-" + suite + ".png").toFile(), ChartFactory.createXYLineChart(
                "Memory while streaming", "seconds", "MB", memory, PlotOrientation.VERTICAL, true, false, false), 800, 450);
        md.append(String.format("## Memory while streaming (%.0f s)%n%nPeak live heap (after a full collection, every 5 s) "
                        + "above the bench's own baseline (stand-in data included in the baseline): %.0f MB; peak process RSS (bench JVM: MiniCluster, "
                        + "stand-in, writers): %.0f MB; RocksDB on disk: %.1f MB.%n%n![memory](memory-%s.png)%n%n",
                streamSamples.isEmpty() ? 0 : streamSamples.get(streamSamples.size() - 1).seconds,
                peakHeap / MB, peakRss / MB, peakRocks / MB, suite));
    }

    private static double totalMemoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
