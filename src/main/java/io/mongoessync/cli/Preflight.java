package io.mongoessync.cli;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoessync.config.ConfigException;
import io.mongoessync.config.SyncConfig;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before the job is submitted, that MongoDB and Elasticsearch answer, so an unreachable
 * host is reported by name in one line instead of as a restarting job in the web UI.
 */
public final class Preflight {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Preflight() {}

    public static void check(SyncConfig config) {
        checkMongo(config.mongoUrl());
        for (URI url : config.elasticsearchUrls()) {
            checkElasticsearch(ElasticsearchHttp.of(config, url));
        }
    }

    private static void checkMongo(String url) {
        ConnectionString connection = new ConnectionString(url);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(connection)
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout((int) TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .build();
        Document hello;
        try (MongoClient client = MongoClients.create(settings)) {
            hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot reach MongoDB at " + String.join(",", connection.getHosts())
                    + " (mongo-url): " + firstLine(e.getMessage()));
        }
        checkChangeStreams(String.join(",", connection.getHosts()), hello);
    }

    /** Change streams need a replica set member or a mongos; a standalone server has no oplog. */
    static void checkChangeStreams(String hosts, Document hello) {
        boolean replicaSet = hello.getString("setName") != null;
        boolean mongos = "isdbgrid".equals(hello.getString("msg"));
        if (!replicaSet && !mongos) {
            throw new ConfigException("MongoDB at " + hosts + " (mongo-url) is a standalone server, but change streams "
                    + "need a replica set or a sharded cluster. Start mongod with --replSet rs0 and run rs.initiate() "
                    + "once; a single-member replica set is enough.");
        }
    }

    private static void checkElasticsearch(ElasticsearchHttp http) {
        int status;
        try {
            status = http.status("/");
        } catch (IOException e) {
            throw new ConfigException("Cannot reach Elasticsearch at " + http.url() + " (elasticsearch-urls): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("Interrupted while checking Elasticsearch at " + http.url());
        }
        if (status == 401 || status == 403) {
            throw new ConfigException("Elasticsearch at " + http.url() + " refused the credentials (HTTP " + status
                    + "); check elasticsearch-user and elasticsearch-password, or elasticsearch-api-key.");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no answer";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
