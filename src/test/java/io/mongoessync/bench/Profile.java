package io.mongoessync.bench;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the job's CPU goes, from Java Flight Recorder's execution samples (every 10 ms per running
 * thread) taken in this JVM, which runs the MiniCluster. Each sample is charged to the innermost
 * frame in a package we recognise: the source (CDC, driver, BSON decoding), conversion, routing and
 * state, the sink (connector, ES client, HTTP), or Flink itself.
 */
final class Profile implements AutoCloseable {

    private static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("io.mongoessync.convert", "conversion (BSON to JSON)");
        AREAS.put("io.mongoessync.route", "routing, versions");
        AREAS.put("io.mongoessync.sink", "sink (our bulk code)");
        AREAS.put("io.mongoessync.source", "source (record parsing)");
        AREAS.put("org.rocksdb", "RocksDB state");
        AREAS.put("org.elasticsearch", "sink (ES client)");
        AREAS.put("org.apache.http", "sink (HTTP)");
        AREAS.put("org.apache.flink.connector.elasticsearch", "sink (connector)");
        AREAS.put("org.apache.flink.cdc", "source (Flink CDC)");
        AREAS.put("io.debezium", "source (Flink CDC)");
        AREAS.put("org.apache.kafka.connect", "source (Flink CDC)");
        AREAS.put("com.mongodb", "source (MongoDB driver)");
        AREAS.put("org.bson", "source (BSON)");
        AREAS.put("com.fasterxml.jackson", "conversion (JSON)");
        AREAS.put("org.apache.flink", "Flink runtime (serialization, network, checkpoints)");
        AREAS.put("de.bwaldvogel", "MongoDB stand-in (server side)");
        AREAS.put("io.netty", "MongoDB stand-in (server side)");
    }

    private final Recording recording = new Recording();

    Profile() {
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
    }

    /** Samples per area, in descending order, and the hottest methods. */
    static final class Breakdown {
        final Map<String, Long> byArea;
        final Map<String, Long> byMethod;
        final long total;

        Breakdown(Map<String, Long> byArea, Map<String, Long> byMethod, long total) {
            this.byArea = byArea;
            this.byMethod = byMethod;
            this.total = total;
        }
    }

    Breakdown stop() throws Exception {
        recording.stop();
        Path file = Files.createTempFile("bench", ".jfr");
        recording.dump(file);
        Map<String, Long> areas = new TreeMap<>();
        Map<String, Long> methods = new TreeMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty() || isBench(frames)) {
                continue;
            }
            total++;
            RecordedFrame top = frames.get(0);
            methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
            areas.merge(area(frames), 1L, Long::sum);
        }
        String keep = System.getProperty("bench.jfr");
        if (keep != null) {
            // For a closer look than the areas give: jfr print --events jdk.ExecutionSample FILE
            Files.move(file, Paths.get(keep + "-" + System.currentTimeMillis() + ".jfr"));
        } else {
            Files.deleteIfExists(file);
        }
        return new Breakdown(sorted(areas), sorted(methods), total);
    }

    /** The bench's own writer, prober and raw loaders are not the job. */
    private static boolean isBench(List<RecordedFrame> frames) {
        return frames.stream().anyMatch(frame -> frame.getMethod().getType().getName().startsWith("io.mongoessync.bench"));
    }

    private static String area(List<RecordedFrame> frames) {
        boolean json = false;
        boolean ours = false;
        boolean connector = false;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            json |= type.startsWith("org.bson.json.");
            ours |= type.startsWith("io.mongoessync.route");
            connector |= type.startsWith("com.mongodb.kafka") || type.startsWith("org.apache.flink.cdc");
        }
        if (json && ours) {
            // The connector hands documents over as JSON text; reading it back into BSON is ours.
            return "conversion (the connector's JSON text back to BSON)";
        }
        if (json && connector) {
            return "source (Flink CDC renders each document as JSON text)";
        }
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> area : AREAS.entrySet()) {
                if (type.startsWith(area.getKey())) {
                    return area.getValue();
                }
            }
        }
        return "JDK and other";
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    @Override
    public void close() {
        recording.close();
    }
}
