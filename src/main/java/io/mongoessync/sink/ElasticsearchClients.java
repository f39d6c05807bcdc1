package io.mongoessync.sink;

import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.elasticsearch.client.RestHighLevelClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The sink's REST client, configured as the connector's own cannot be in 3.0.1: API key, a CA from
 * a PEM file, gzip-compressed requests, and as many connections as concurrent bulk slices.
 */
public final class ElasticsearchClients {

    private ElasticsearchClients() {}

    public static RestHighLevelClient create(ClientSettings settings) {
        RestClientBuilder builder = RestClient.builder(settings.urls.stream()
                .map(url -> new HttpHost(url.getHost(), url.getPort(), url.getScheme())).toArray(HttpHost[]::new));
        builder.setCompressionEnabled(settings.gzip);
        if (settings.apiKey != null) {
            builder.setDefaultHeaders(new Header[] {new BasicHeader("Authorization", apiKeyHeader(settings.apiKey))});
        }
        builder.setHttpClientConfigCallback(http -> {
            if (settings.user != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(settings.user, settings.password));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (settings.caPem != null) {
                http.setSSLContext(Trust.fromPem(settings.caPem));
            }
            int connections = Math.max(10, settings.concurrentRequests * 2);
            return http.setMaxConnPerRoute(connections).setMaxConnTotal(connections * settings.urls.size());
        });
        builder.setRequestConfigCallback(request -> request.setSocketTimeout(120_000).setConnectTimeout(10_000));
        return new RestHighLevelClient(builder);
    }

    /** {@code id:key} is encoded as Elasticsearch expects; an already encoded key is used as it is. */
    public static String apiKeyHeader(String apiKey) {
        String encoded = apiKey.contains(":")
                ? Base64.getEncoder().encodeToString(apiKey.getBytes(StandardCharsets.UTF_8))
                : apiKey;
        return "ApiKey " + encoded;
    }
}
