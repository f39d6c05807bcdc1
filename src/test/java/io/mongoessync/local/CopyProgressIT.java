package io.mongoessync.local;

import io.mongoessync.config.JobParams;
import io.mongoessync.embedded.SampleData;
import io.mongoessync.testing.SyncITBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy's progress line against real servers, where the local run's own process cannot time it. */
class CopyProgressIT extends SyncITBase {

    @Test
    void aCopyOverBeforeItsJobEverAnsweredStillShowsItsLastLine() throws Exception {
        // A small copy can end, and its local cluster's REST API with it, before the first poll:
        // the line then comes from what the index holds.
        deleteIndex("progress-fast");
        collection("shop.fast").insertMany(SampleData.movies(3));
        for (int id = 1; id <= 3; id++) {
            es.put("/progress-fast/_doc/" + id, "{\"n\":" + id + "}");
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FlinkRest gone = new FlinkRest("http://127.0.0.1:" + closedPort, "00000000000000000000000000000000");
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(written, true, StandardCharsets.UTF_8), false);

        AtomicInteger read = new AtomicInteger();

        new CopyProgress(commandConfig("shop.fast", "progress-fast", new JobParams()), client, es, gone, terminal, () -> true)
                .await(read::incrementAndGet);

        assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo("Copying:  shop.fast 3/3 (100%)\n");
        assertThat(read).as("what runs once the copy is read, a copy-only run's final checkpoint").hasValue(1);
    }
}
