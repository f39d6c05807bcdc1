package io.mongoessync.local;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * A local run's status while it streams: changes per second and replication lag, from the routing
 * operator's metrics. The live line on a terminal, redrawn every 2 s; a line every 30 s otherwise.
 */
final class LiveStatus implements Runnable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** The routing operator's per-namespace counts of applied changes (SyncMetrics). */
    private static final java.util.regex.Pattern CHANGES =
            java.util.regex.Pattern.compile("Route_documents\\.namespace\\..*\\.(inserted|updated|replaced|deleted)");

    private final FlinkRest rest;
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();
    private final Terminal terminal;

    LiveStatus(FlinkRest rest, Terminal terminal) {
        this.rest = rest;
        this.terminal = terminal;
    }

    @Override
    public void run() {
        String vertex = rest.vertex(CopyProgress.ROUTE_VERTEX);
        long every = terminal.interactive() ? 2000 : 30_000;
        long shownAt = System.currentTimeMillis();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            String line = line(vertex);
            if (System.currentTimeMillis() - shownAt >= every) {
                terminal.live(line);
                shownAt = System.currentTimeMillis();
            }
        }
    }

    /**
     * The status now: changes applied per second over the last 10 s (the copy is not counted), and
     * the lag. Sampled every second, because the REST API serves each metric up to a second old.
     */
    String line(String vertex) {
        double changes = rest.sumAll(vertex, id -> CHANGES.matcher(id).matches());
        double lag = rest.max(vertex, "Route_documents.replicationLagSeconds");
        long now = System.nanoTime();
        samples.addLast(new long[] {now, (long) Math.max(0, changes)});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] first = samples.peekFirst();
        double perSecond = now == first[0] ? 0 : Math.max(0, (long) Math.max(0, changes) - first[1]) / ((now - first[0]) / 1e9);
        return String.format("%s  streaming: %.1f changes/s, replication lag %d s", LocalTime.now().format(TIME), perSecond,
                (long) Math.max(0, lag));
    }
}
