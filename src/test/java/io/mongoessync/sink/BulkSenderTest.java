package io.mongoessync.sink;

import com.sun.net.httpserver.HttpServer;
import org.apache.http.HttpHost;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.index.IndexRequest;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestHighLevelClient;
import org.elasticsearch.common.xcontent.XContentType;
import org.elasticsearch.index.VersionType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's sender against an HTTP server that answers like Elasticsearch: bulks handed over
 * quickly leave one at a time per lane, in the order given, and the caller never waits for an
 * answer. A document's later write must not overtake its earlier one, whatever the versions say.
 */
class BulkSenderTest {

    private static final Pattern ID = Pattern.compile("\"_id\":\"([^\"]+)\"");

    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch allHandedOver = new CountDownLatch(1);
    private HttpServer server;
    private RestHighLevelClient client;
    private BulkSender sender;

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** What the server answers to one bulk's body; it may wait first. */
    private interface Answer {
        String to(String body) throws InterruptedException;
    }

    /** An HTTP server that answers bulks like Elasticsearch, counting how many it holds at once. */
    private void startElasticsearch(Answer answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                byte[] body = answer.to(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.start();
        client = new RestHighLevelClient(RestClient.builder(new HttpHost("127.0.0.1", server.getAddress().getPort(), "http")));
    }

    /** Answers every bulk as written, holding the first until every bulk was handed to the sender. */
    private void startElasticsearch() throws Exception {
        startElasticsearch(body -> {
            Matcher id = ID.matcher(body);
            while (id.find()) {
                received.add(id.group(1));
            }
            if (received.size() == 1) {
                allHandedOver.await(10, TimeUnit.SECONDS);
            }
            return "{\"took\":1,\"errors\":false,\"items\":[]}";
        });
    }

    private static BulkRequest bulkOf(String id, long version) {
        return new BulkRequest().add(new IndexRequest("hotmovies").id(id).version(version).versionType(VersionType.EXTERNAL)
                .source("{\"title\":\"" + id + "\"}", XContentType.JSON));
    }

    @Test
    void bulksLeaveOneAtATimeInOrderWhileTheCallerGoesOn() throws Exception {
        startElasticsearch();
        sender = new BulkSender(client, RequestOptions.DEFAULT, 1, 1_000);
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allAnswered = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            String id = "m1-write-" + i;
            sender.accept(bulkOf(id, i + 1), new ActionListener<>() {
                @Override
                public void onResponse(BulkResponse response) {
                    answered.add(id + " on " + Thread.currentThread().getName());
                    allAnswered.countDown();
                }

                @Override
                public void onFailure(Exception e) {
                    answered.add(id + " failed: " + e);
                    allAnswered.countDown();
                }
            });
        }
        // Every bulk was handed over while Elasticsearch still held the first one's answer.
        assertThat(answered).isEmpty();
        allHandedOver.countDown();
        assertThat(allAnswered.await(30, TimeUnit.SECONDS)).as("answers: %s", answered).isTrue();

        List<String> expected = new ArrayList<>();
        List<String> expectedAnswers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("m1-write-" + i);
            expectedAnswers.add("m1-write-" + i + " on elasticsearch-bulk-sender-1");
        }
        assertThat(received).isEqualTo(expected);
        assertThat(answered).isEqualTo(expectedAnswers);
        assertThat(mostInFlight.get()).as("bulks in flight at once").isEqualTo(1);
    }

    /**
     * With two slices, one bulk goes out as two requests at once. A document's actions all go in
     * one of them, in the order given, and the answer comes back in the bulk's own item order.
     */
    @Test
    void aBulkInTwoSlicesKeepsEachDocumentsActionsTogetherAndInOrder() throws Exception {
        List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
        startElasticsearch(body -> {
            List<String> written = new ArrayList<>();
            StringBuilder items = new StringBuilder();
            Matcher action = Pattern.compile("\"_id\":\"([^\"]+)\",\"version\":(\\d+)").matcher(body);
            while (action.find()) {
                written.add(action.group(1) + " v" + action.group(2));
                items.append(items.length() == 0 ? "" : ",").append("{\"index\":{\"_index\":\"hotmovies\",\"_type\":\"_doc\",")
                        .append("\"_id\":\"").append(action.group(1)).append("\",\"_version\":").append(action.group(2))
                        .append(",\"result\":\"created\",\"status\":201}}");
            }
            requests.add(written);
            // Both slices must be in flight together for the test to see them overlap.
            Thread.sleep(200);
            // "errors": true, so that the sender reads every item rather than taking them as written.
            return "{\"took\":1,\"errors\":true,\"items\":[" + items + "]}";
        });
        sender = new BulkSender(client, RequestOptions.DEFAULT, 2, 1_000);

        BulkRequest bulk = new BulkRequest();
        List<String> given = new ArrayList<>();
        for (int version = 1; version <= 4; version++) {
            for (int movie = 0; movie < 7; movie++) {
                String id = "m" + movie;
                bulk.add(new IndexRequest("hotmovies").id(id).version(version).versionType(VersionType.EXTERNAL)
                        .source("{\"title\":\"" + id + "\"}", XContentType.JSON));
                given.add(id + " v" + version);
            }
        }
        BulkResponse response = sender.send(bulk);

        assertThat(requests).as("one request per slice").hasSize(2);
        assertThat(mostInFlight.get()).as("slices in flight at once").isEqualTo(2);
        for (int movie = 0; movie < 7; movie++) {
            String id = "m" + movie;
            List<List<String>> holding = requests.stream().filter(r -> r.stream().anyMatch(w -> w.startsWith(id + " "))).toList();
            assertThat(holding).as("requests holding %s", id).hasSize(1);
            assertThat(holding.get(0).stream().filter(w -> w.startsWith(id + " ")).toList())
                    .containsExactly(id + " v1", id + " v2", id + " v3", id + " v4");
        }
        List<String> answered = new ArrayList<>();
        response.forEach(item -> answered.add(item.getId() + " v" + item.getVersion()));
        assertThat(response.getItems()).extracting(item -> item.getItemId()).isSorted().doesNotHaveDuplicates().hasSize(28);
        assertThat(answered).as("the answer in the bulk's own order").isEqualTo(given);
    }

    /**
     * A lane done with its slice of one bulk sends its slice of the next without waiting for the
     * other lane: Elasticsearch is kept busy, and each document's actions still arrive in order.
     * Sent in lockstep, the next bulk waited for the held slice and this test timed out.
     */
    @Test
    void aLaneSendsTheNextBulksSliceWhileTheOtherLaneIsStillAnswered() throws Exception {
        String held = idInLane(0);
        String other = idInLane(1);
        CountDownLatch nextBulkArrived = new CountDownLatch(1);
        List<String> arrivals = Collections.synchronizedList(new ArrayList<>());
        startElasticsearch(body -> {
            Matcher action = Pattern.compile("\"_id\":\"([^\"]+)\",\"version\":(\\d+)").matcher(body);
            while (action.find()) {
                arrivals.add(action.group(1) + " v" + action.group(2));
            }
            if (body.contains("\"" + other + "\",\"version\":2")) {
                nextBulkArrived.countDown();
            }
            if (body.contains("\"" + held + "\"")) {
                arrivals.add(nextBulkArrived.await(10, TimeUnit.SECONDS) ? "held until the next bulk came" : "not overtaken");
            }
            return "{\"took\":1,\"errors\":false,\"items\":[]}";
        });
        sender = new BulkSender(client, RequestOptions.DEFAULT, 2, 1_000);
        List<String> answered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allAnswered = new CountDownLatch(2);
        BulkRequest first = bulkOf(held, 1).add(bulkOf(other, 1).requests());
        BulkRequest next = bulkOf(other, 2);
        for (BulkRequest bulk : List.of(first, next)) {
            String name = bulk == first ? "first" : "next";
            sender.accept(bulk, ActionListener.wrap(response -> {
                answered.add(name);
                allAnswered.countDown();
            }, e -> {
                answered.add(name + " failed: " + e);
                allAnswered.countDown();
            }));
        }

        assertThat(allAnswered.await(30, TimeUnit.SECONDS)).as("answers: %s", answered).isTrue();
        assertThat(arrivals).contains("held until the next bulk came");
        assertThat(arrivals.stream().filter(a -> a.startsWith(other + " ")).toList())
                .as("the other document's actions, in order").containsExactly(other + " v1", other + " v2");
        assertThat(answered).as("answers in the order the bulks were handed over").containsExactly("first", "next");
    }

    private static String idInLane(int lane) {
        for (int i = 0; ; i++) {
            String id = "m" + i;
            if (BulkSender.lane(new IndexRequest("hotmovies").id(id), 2) == lane) {
                return id;
            }
        }
    }
}
