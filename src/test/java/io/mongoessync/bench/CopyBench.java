package io.mongoessync.bench;

import com.mongodb.client.MongoCollection;
import io.mongoessync.convert.BsonJsonWriter;
import io.mongoessync.convert.DocumentIds;
import org.apache.flink.core.execution.JobClient;
import org.bson.BsonDocument;
import org.bson.Document;

/**
 * Copy throughput, side by side on one machine: (a) the job's copy, stand-in → job →
 * Elasticsearch, from submission to the last document searchable; (b) the same documents
 * bulk-loaded raw into a fresh index, 1,000 per bulk; (c) a raw driver scan of the collection.
 * The job's run is profiled, and its memory and Elasticsearch's CPU are measured.
 */
final class CopyBench {

    static final class Result {
        String label = "defaults";
        double jvmCpuMicrosPerDoc;
        int documents;
        int parallelism;
        double job;
        double bulk;
        double scan;
        long heapBytes;
        long rssBytes;
        long rocksDbBytes;
        double esCpuMicrosPerDocJob;
        double esCpuMicrosPerDocBulk;
        /** (b) again with the job's external versions: what versioning alone costs Elasticsearch. */
        double bulkVersioned;
        double esCpuMicrosPerDocBulkVersioned;
        Profile.Breakdown profile;

        double ratio() {
            return job / Math.min(bulk, scan);
        }
    }

    private final BenchServers servers;

    CopyBench(BenchServers servers) {
        this.servers = servers;
    }

    Result run(int n, int parallelism, String... settings) throws Exception {
        Result result = new Result();
        result.documents = n;
        result.parallelism = parallelism;
        String collection = "copy" + n + "p" + parallelism + "r" + System.nanoTime() % 10_000;
        MongoCollection<Document> movies = servers.seed("bench." + collection, n);

        result.scan = rate(n, () -> {
            long seen = 0;
            for (BsonDocument ignored : movies.withDocumentClass(BsonDocument.class).find().batchSize(1000)) {
                seen++;
            }
            check(seen == n, "scan saw " + seen);
        });
        // Raw bulk twice, the faster counting: noise on this machine only ever slows a run down,
        // and the faster baseline makes the job's ratio the stricter one.
        double esBefore;
        for (int attempt = 1; attempt <= 2; attempt++) {
            esBefore = servers.elasticsearchCpuSeconds();
            String rawIndex = "raw" + attempt + "-" + collection;
            double bulk = rate(n, () -> rawBulk(movies, rawIndex, n, false));
            if (bulk > result.bulk) {
                result.bulk = bulk;
                result.esCpuMicrosPerDocBulk = (servers.elasticsearchCpuSeconds() - esBefore) * 1e6 / n;
            }
            servers.http.delete("/" + rawIndex);
        }
        esBefore = servers.elasticsearchCpuSeconds();
        result.bulkVersioned = rate(n, () -> rawBulk(movies, "raw-versioned-" + collection, n, true));
        result.esCpuMicrosPerDocBulkVersioned = (servers.elasticsearchCpuSeconds() - esBefore) * 1e6 / n;
        servers.http.delete("/raw-versioned-" + collection);

        System.gc();
        long baseline = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        esBefore = servers.elasticsearchCpuSeconds();
        long cpuBefore = jvmCpuNanos();
        String index = "job-" + collection;
        String[] all = concat(new String[] {"direct-read-namespaces", "bench." + collection, "index-mapping",
                "bench." + collection + ":" + index}, settings);
        try (ResourceSampler sampler = new ResourceSampler(servers.rocksDb); Profile profile = new Profile()) {
            result.job = rate(n, () -> {
                JobClient job = servers.startJob(parallelism, all);
                while (indexed(index) < n || servers.http.count(index) < n) {
                    Thread.sleep(100);
                }
                job.cancel().get();
            });
            result.profile = profile.stop();
            result.heapBytes = Math.max(0, sampler.peakHeap() - baseline);
            result.rssBytes = sampler.peakRss();
            result.rocksDbBytes = sampler.peakRocksDb();
        }
        result.esCpuMicrosPerDocJob = (servers.elasticsearchCpuSeconds() - esBefore) * 1e6 / n;
        servers.http.delete("/" + index);
        // The stand-in keeps collections in this JVM's heap: a finished one would crowd the next run's GC.
        movies.drop();
        result.jvmCpuMicrosPerDoc = (jvmCpuNanos() - cpuBefore) / 1e3 / n;
        return result;
    }

    /**
     * Index operations Elasticsearch has done on the index, without a refresh. Forcing a refresh
     * every 100 ms, as this loop first did, cut the index into ten segments a second and added
     * their merging to the job's Elasticsearch CPU; now it refreshes once, at the end, as (b) does.
     */
    private long indexed(String index) {
        return servers.http.get("/" + index + "/_stats/indexing").path("_all").path("primaries").path("indexing")
                .path("index_total").asLong(-1);
    }

    /** CPU time of this JVM: the job, and the stand-in serving it. */
    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double rate(int n, Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private void rawBulk(MongoCollection<Document> movies, String index, int n, boolean versioned) {
        StringBuilder body = new StringBuilder();
        int inBody = 0;
        long version = System.currentTimeMillis() << 16;
        for (BsonDocument document : movies.withDocumentClass(BsonDocument.class).find().batchSize(1000)) {
            body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"")
                    .append(DocumentIds.canonical(document.get("_id"))).append('"');
            if (versioned) {
                body.append(",\"version\":").append(version++).append(",\"version_type\":\"external\"");
            }
            body.append("}}\n")
                    .append(BsonJsonWriter.toSourceJson(document, "mongo_id")).append('\n');
            if (++inBody == 1000) {
                servers.http.post("/_bulk", body.toString());
                body.setLength(0);
                inBody = 0;
            }
        }
        if (inBody > 0) {
            servers.http.post("/_bulk", body.toString());
        }
        check(servers.http.count(index) == n, "raw bulk indexed " + servers.http.count(index));
    }

    static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
