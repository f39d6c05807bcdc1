package io.mongoessync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Samples, once a second, what the job costs in this JVM (which runs the MiniCluster, hence the
 * TaskManager): the live heap, the process RSS, and the RocksDB directory's size on disk. Heap
 * "used" counts garbage not yet collected, which says more about the collector than the job, so
 * every fifth second the sampler asks for a full collection and reads the heap right after: that is
 * the live heap reported. It costs every compared run alike.
 */
final class ResourceSampler implements AutoCloseable {

    static final class Sample {
        final double seconds;
        final long heapBytes;
        final long rssBytes;
        final long rocksDbBytes;

        Sample(double seconds, long heapBytes, long rssBytes, long rocksDbBytes) {
            this.seconds = seconds;
            this.heapBytes = heapBytes;
            this.rssBytes = rssBytes;
            this.rocksDbBytes = rocksDbBytes;
        }
    }

    private final Path rocksDb;
    private final long start = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ResourceSampler(Path rocksDb) {
        this.rocksDb = rocksDb;
        thread = new Thread(this::run, "resource-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long tick = 0;
        while (running) {
            if (tick++ % 5 == 0) {
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                Sample sample = new Sample((System.nanoTime() - start) / 1e9, heap, rss(), size(rocksDb));
                synchronized (samples) {
                    samples.add(sample);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    long peakHeap() {
        return samples().stream().mapToLong(s -> s.heapBytes).max().orElse(0);
    }

    long peakRss() {
        return samples().stream().mapToLong(s -> s.rssBytes).max().orElse(0);
    }

    long peakRocksDb() {
        return samples().stream().mapToLong(s -> s.rocksDbBytes).max().orElse(0);
    }

    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1; // RocksDB deleted a file under the walk; the next sample counts again
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
