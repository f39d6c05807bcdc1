package io.mongoessync.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The search servers the project runs for real: integ-test zips from Maven Central, which pom.xml
 * copies to {@code target/elasticsearch-dist}. Each is unpacked once into the temp directory and
 * shared; every running instance has its own config, data and logs.
 */
public enum SearchDistribution {
    ELASTICSEARCH_7("org.elasticsearch.distribution.integ-test-zip", "elasticsearch", "7.17.29", "ES"),
    ELASTICSEARCH_8("org.elasticsearch.distribution.integ-test-zip", "elasticsearch", "8.19.4", "ES"),
    OPENSEARCH_2("org.opensearch.distribution.integ-test-zip", "opensearch", "2.19.6", "OPENSEARCH");

    final String groupId;
    final String artifact;
    final String version;
    /** Prefix of the launcher's environment variables: ES_JAVA_HOME, OPENSEARCH_JAVA_HOME... */
    final String envPrefix;

    SearchDistribution(String groupId, String artifact, String version, String envPrefix) {
        this.groupId = groupId;
        this.artifact = artifact;
        this.version = version;
        this.envPrefix = envPrefix;
    }

    public String version() {
        return version;
    }

    @Override
    public String toString() {
        return (artifact.equals("opensearch") ? "OpenSearch " : "Elasticsearch ") + version;
    }

    boolean isElasticsearch() {
        return artifact.equals("elasticsearch");
    }

    String zipName() {
        return artifact + "-" + version + ".zip";
    }

    /** The zip Maven copied (see pom.xml), or the one in the local Maven repository. */
    Path zip() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("es.dist.dir");
        if (configured != null) {
            candidates.add(Paths.get(configured, zipName()));
        }
        candidates.add(Paths.get("target", "elasticsearch-dist", zipName()));
        candidates.add(Paths.get(System.getProperty("user.home"), ".m2", "repository")
                .resolve(groupId.replace('.', '/')).resolve(artifact).resolve(version).resolve(zipName()));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No " + this + " distribution found at " + candidates
                + ". Run 'mvn package -DskipTests' first: it fetches " + zipName() + " through Maven.");
    }

    /** Unpacks once into the temp directory; a marker file says the copy is complete. */
    synchronized Path unpacked() throws IOException {
        Path base = Paths.get(System.getProperty("java.io.tmpdir"), "mongo-es-sync");
        Path home = base.resolve(artifact + "-" + version);
        if (Files.exists(home.resolve(".unpacked"))) {
            return home;
        }
        Path zip = zip();
        Files.createDirectories(base);
        Path staging = Files.createTempDirectory(base, "unpack-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("Zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path unpackedHome;
        try (Stream<Path> children = Files.list(staging)) {
            unpackedHome = children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("Empty distribution zip " + zip));
        }
        try (Stream<Path> binaries = Files.list(unpackedHome.resolve("bin"))) {
            binaries.forEach(file -> file.toFile().setExecutable(true, false));
        }
        EmbeddedElasticsearch.deleteTree(home);
        Files.move(unpackedHome, home);
        EmbeddedElasticsearch.deleteTree(staging);
        if (ServiceUser.isRoot()) {
            ServiceUser.ensure();
            base.toFile().setExecutable(true, false);
            ServiceUser.run("chmod", "-R", "a+rX", home.toString());
        }
        Files.createFile(home.resolve(".unpacked"));
        return home;
    }

    /** Settings for a single local node; security stays off unless a test turns it on. */
    List<String> settings(boolean secured) {
        List<String> settings = new ArrayList<>(List.of("discovery.type=single-node", "network.host=127.0.0.1",
                "cluster.routing.allocation.disk.threshold_enabled=false", "action.destructive_requires_name=false"));
        if (isElasticsearch()) {
            settings.add("xpack.security.enabled=" + secured);
            settings.add("xpack.ml.enabled=false");
        }
        return settings;
    }
}
