package io.mongoessync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.apache.flink.core.execution.JobClient;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming latency: sustained change rates against the running job, from a change's write in
 * MongoDB to the document being found by a search (the index's normal 1 s refresh, never forced).
 * Most changes are updates of existing movies; one in ten inserts a fresh document, whose first
 * appearance in search is timed.
 */
final class StreamBench {

    static final int MOVIES = 10_000;

    static final class Result {
        String label = "defaults";
        final int targetRate;
        final double achievedRate;
        final List<Long> latenciesMs;
        final int unseen;

        Result(int targetRate, double achievedRate, List<Long> latenciesMs, int unseen) {
            this.targetRate = targetRate;
            this.achievedRate = achievedRate;
            this.latenciesMs = latenciesMs;
            this.unseen = unseen;
        }

        long percentile(double p) {
            if (latenciesMs.isEmpty()) {
                return -1;
            }
            List<Long> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1));
        }
    }

    private final BenchServers servers;
    private final String ns;
    private final String index;
    private final MongoCollection<Document> movies;

    /** @param name distinguishes this run's collection and index from the others in the same bench */
    StreamBench(BenchServers servers, String name) {
        this(servers, "bench.stream" + name, "stream-bench" + name);
    }

    /** Changes to {@code namespace}'s movies, looked for in {@code index}: how the peers bench times each tool. */
    StreamBench(BenchServers servers, String namespace, String index) {
        this.servers = servers;
        this.ns = namespace;
        this.index = index;
        int dot = namespace.indexOf('.');
        this.movies = servers.client.getDatabase(namespace.substring(0, dot)).getCollection(namespace.substring(dot + 1));
    }

    /** Seeds, starts the job at the given parallelism and waits for its copy. */
    JobClient start(int parallelism, String... settings) throws Exception {
        servers.seed(ns, MOVIES);
        JobClient job = servers.startJob(parallelism, CopyBench.concat(
                new String[] {"direct-read-namespaces", ns, "index-mapping", ns + ":" + index}, settings));
        while (servers.http.count(index) < MOVIES) {
            Thread.sleep(200);
        }
        return job;
    }

    Result run(int rate, int seconds) throws Exception {
        Map<String, Long> pending = new ConcurrentSkipListMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong written = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        int writers = rate > 1000 ? 2 : 1;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(rate / (double) writers, writer, start, end, pending, written), "bench-writer-" + w);
            thread.start();
            threads.add(thread);
        }
        Thread prober = new Thread(() -> probe(pending, latencies, () -> threads.stream().anyMatch(Thread::isAlive)), "bench-prober");
        prober.start();
        for (Thread thread : threads) {
            thread.join();
        }
        double achieved = written.get() / ((System.nanoTime() - start) / 1e9);
        prober.join(60_000);
        prober.interrupt();
        return new Result(rate, achieved, new ArrayList<>(latencies), pending.size());
    }

    private void write(double rate, int writer, long start, long end, Map<String, Long> pending, AtomicLong written) {
        Random random = new Random(writer);
        long n = 0;
        while (true) {
            long due = start + (long) (n / rate * 1e9);
            if (due > end) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            if (n % 10 == 0) {
                String id = "fresh-" + writer + "-" + n + "-" + start;
                long writtenAt = System.nanoTime();
                movies.insertOne(new Document("_id", id).append("title", "fresh").append("written", writtenAt));
                pending.put(id, writtenAt);
            } else {
                movies.updateOne(Filters.eq("_id", "m" + (1 + random.nextInt(MOVIES))), Updates.inc("vote_count", 1));
            }
            written.incrementAndGet();
            n++;
        }
    }

    /** Every 20 ms, searches for the oldest documents not yet seen; a hit's latency is now minus its write. */
    private void probe(Map<String, Long> pending, List<Long> latencies, java.util.function.BooleanSupplier writing) {
        while (writing.getAsBoolean() || !pending.isEmpty()) {
            List<String> all = new ArrayList<>(pending.keySet());
            List<String> ids = all.subList(0, Math.min(5000, all.size()));
            if (!ids.isEmpty()) {
                StringBuilder query = new StringBuilder("{\"size\":5000,\"_source\":false,\"query\":{\"ids\":{\"values\":[");
                for (int i = 0; i < ids.size(); i++) {
                    query.append(i == 0 ? "" : ",").append('"').append(ids.get(i)).append('"');
                }
                JsonNode hits = servers.http.post("/" + index + "/_search", query.append("]}}}").toString()).path("hits").path("hits");
                long now = System.nanoTime();
                for (JsonNode hit : hits) {
                    Long writtenAt = pending.remove(hit.path("_id").asText());
                    if (writtenAt != null) {
                        latencies.add((now - writtenAt) / 1_000_000);
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
