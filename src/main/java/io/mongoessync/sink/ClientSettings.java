package io.mongoessync.sink;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How the sink reaches Elasticsearch: nodes, credentials, trust, compression, the server's flavor,
 * and how bulks are sent. Shipped to the TaskManagers with the job; the secrets in it never appear
 * in {@link #toString()}.
 */
public final class ClientSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What answers at the URLs; decides whether responses need the 7.x {@code _type} restored. */
    public enum Flavor {
        ELASTICSEARCH_7, ELASTICSEARCH_8, OPENSEARCH;

        public boolean answersWithoutType() {
            return this != ELASTICSEARCH_7;
        }
    }

    final List<URI> urls;
    final String user;
    final String password;
    final String apiKey;
    /** PEM text of the CA certificates to trust; null for the JVM's default trust. */
    final String caPem;
    final boolean gzip;
    final Flavor flavor;
    final int concurrentRequests;
    final Duration retryMaxTime;

    public ClientSettings(List<URI> urls, String user, String password, String apiKey, String caPem, boolean gzip,
            Flavor flavor, int concurrentRequests, Duration retryMaxTime) {
        this.urls = urls;
        this.user = user;
        this.password = password;
        this.apiKey = apiKey;
        this.caPem = caPem;
        this.gzip = gzip;
        this.flavor = flavor;
        this.concurrentRequests = concurrentRequests;
        this.retryMaxTime = retryMaxTime;
    }

    public Flavor flavor() {
        return flavor;
    }

    /** The same settings, for the flavor found at start-up. */
    public ClientSettings withFlavor(Flavor detected) {
        return new ClientSettings(urls, user, password, apiKey, caPem, gzip, detected, concurrentRequests, retryMaxTime);
    }

    @Override
    public String toString() {
        return "ClientSettings{urls=" + urls + ", user=" + user + ", password=" + (password == null ? null : "******")
                + ", apiKey=" + (apiKey == null ? null : "******") + ", caPem=" + (caPem == null ? "default trust" : "given")
                + ", gzip=" + gzip + ", flavor=" + flavor + ", concurrentRequests=" + concurrentRequests
                + ", retryMaxTime=" + retryMaxTime + "}";
    }
}
