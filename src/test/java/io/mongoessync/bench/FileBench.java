package io.mongoessync.bench;

import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.mongoessync.testing.SampleFiles;
import org.apache.flink.core.execution.JobClient;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * GridFS extraction: the job copies a files collection of PDFs, Word documents, HTML pages and text
 * files (the kinds GridFsIT uploads, each with a few pages of text) with {@code index-files}, and
 * ends when every file is written with its text. Files per second and MB of files per second, at
 * each parallelism, from submission to the job's end.
 */
final class FileBench {

    static final class Result {
        int parallelism;
        int files;
        long bytes;
        double seconds;
        double jvmCpuMillisPerFile;

        double filesPerSecond() {
            return files / seconds;
        }

        double megabytesPerSecond() {
            return bytes / 1024.0 / 1024.0 / seconds;
        }
    }

    /** About 12,000 characters of prose: a few pages, as office files run. */
    private static String pages(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 12_000; i++) {
            text.append("File ").append(n).append(" paragraph ").append(i)
                    .append(": the committee reviewed the quarterly figures and agreed on the next steps. ");
        }
        return text.toString();
    }

    private static final List<IntFunction<byte[]>> KINDS = List.of(
            n -> SampleFiles.pdf(pages(n).substring(0, 2_000)),
            n -> SampleFiles.docx(pages(n)),
            n -> SampleFiles.html(pages(n)),
            n -> SampleFiles.text(pages(n)));

    private final BenchServers servers;

    FileBench(BenchServers servers) {
        this.servers = servers;
    }

    Result run(int files, int parallelism) throws Exception {
        String database = "files" + parallelism + "r" + System.nanoTime() % 10_000;
        GridFSBucket bucket = GridFSBuckets.create(servers.client.getDatabase(database));
        Result result = new Result();
        result.parallelism = parallelism;
        result.files = files;
        servers.mongo.recordChanges(false);
        for (int n = 0; n < files; n++) {
            byte[] bytes = KINDS.get(n % KINDS.size()).apply(n);
            result.bytes += bytes.length;
            bucket.uploadFromStream("file-" + n, new ByteArrayInputStream(bytes));
        }
        servers.mongo.recordChanges(true);
        String namespace = database + ".fs.files";
        String index = "bench-" + database;
        long cpuBefore = CopyBench.jvmCpuNanos();
        long start = System.nanoTime();
        JobClient job = servers.startJob(parallelism, "direct-read-namespaces", namespace, "index-mapping", namespace + ":" + index,
                "index-files", "true", "file-namespaces", namespace, "exit-after-direct-reads", "true");
        job.getJobExecutionResult().get();
        result.seconds = (System.nanoTime() - start) / 1e9;
        result.jvmCpuMillisPerFile = (CopyBench.jvmCpuNanos() - cpuBefore) / 1e6 / files;
        servers.http.post("/" + index + "/_refresh", "");
        long withText = servers.http.post("/" + index + "/_count", "{\"query\":{\"exists\":{\"field\":\"file.content\"}}}")
                .path("count").asLong();
        if (withText != files) {
            throw new IllegalStateException(withText + " of " + files + " files have their text in " + index);
        }
        servers.http.delete("/" + index);
        servers.client.getDatabase(database).drop();
        return result;
    }

    static String markdown(List<Result> results) {
        List<String> rows = new ArrayList<>();
        rows.add("## GridFS files: text extraction\n");
        rows.add("PDF, Word (.docx), HTML and text files in equal numbers, about 12,000 characters each (the PDF 2,000), "
                + "copied with `index-files` from submission to the job's end, Tika in the job, 2 extractions at a time per "
                + "subtask (`file-downloaders`).\n");
        rows.add("| parallelism | files | MB | seconds | files/s | MB/s | bench JVM CPU per file |");
        rows.add("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            rows.add(String.format("| %d | %d | %.1f | %.1f | %.0f | %.2f | %.1f ms |", r.parallelism, r.files,
                    r.bytes / 1024.0 / 1024.0, r.seconds, r.filesPerSecond(), r.megabytesPerSecond(), r.jvmCpuMillisPerFile));
        }
        return String.join("\n", rows) + "\n\n";
    }
}
