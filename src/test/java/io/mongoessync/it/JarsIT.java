package io.mongoessync.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Attributes;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two jars {@code mvn package} builds: the job jar that {@code flink run} submits holds the job
 * and its connectors only, and the local runner's jar holds the demo, the stand-in and the launchers
 * and finds everything else through its manifest.
 */
class JarsIT {

    private static final Path JOB_JAR = Paths.get("target/mongo-es-sync.jar");
    private static final Path LOCAL_JAR = Paths.get("target/mongo-es-sync-local.jar");

    /** The local runner's code and the libraries only it uses, as they appear inside a jar. */
    private static final List<String> LOCAL_ONLY = List.of("io/mongoessync/local/", "io/mongoessync/embedded/",
            "de/bwaldvogel/", "org/jfree/", "io/netty/");

    @Test
    void theJobJarHoldsTheJobAndItsConnectorsOnly() throws IOException {
        List<String> entries = new ArrayList<>();
        List<String> namingTheLocalRunner = new ArrayList<>();
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            for (Enumeration<? extends ZipEntry> all = jar.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                entries.add(entry.getName());
                if (entry.getName().startsWith("io/mongoessync/") && entry.getName().endsWith(".class")) {
                    // A class's constant pool names every class it uses, in this internal form.
                    String bytes = read(jar.getInputStream(entry));
                    LOCAL_ONLY.stream().filter(bytes::contains).forEach(name -> namingTheLocalRunner.add(entry.getName() + " -> " + name));
                }
            }
        }
        System.out.printf("%s: %.1f MB, %d entries%n", JOB_JAR, Files.size(JOB_JAR) / 1e6, entries.size());
        assertThat(entries).filteredOn(name -> LOCAL_ONLY.stream().anyMatch(name::startsWith)).isEmpty();
        assertThat(entries).doesNotContain("log4j2.properties");
        assertThat(namingTheLocalRunner).isEmpty();
        assertThat(entries).contains("io/mongoessync/SyncJob.class", "io/mongoessync/cli/Main.class",
                "org/apache/flink/cdc/connectors/mongodb/source/MongoDBSource.class",
                "org/apache/flink/connector/elasticsearch/sink/Elasticsearch7SinkBuilder.class",
                "com/mongodb/client/MongoClients.class", "job-params.properties");
    }

    /**
     * target/lib stands for a Flink distribution's lib/, which session clusters in the tests start
     * from: it keeps Flink's own commons libraries although the job jar carries newer ones for Tika.
     * Without commons-math3 there, a fresh clone's session cluster could not start a JobMaster.
     */
    @Test
    void flinksLibKeepsTheLibrariesFlinkItselfLoads() throws IOException {
        List<String> lib = new ArrayList<>();
        try (var files = Files.list(Paths.get("target/lib"))) {
            files.forEach(file -> lib.add(file.getFileName().toString()));
        }
        assertThat(lib).contains("commons-math3-3.6.1.jar", "commons-io-2.11.0.jar", "commons-compress-1.21.jar",
                "commons-lang3-3.12.0.jar").anyMatch(name -> name.startsWith("flink-runtime-"));
        try (JarFile jar = new JarFile(JOB_JAR.toFile())) {
            assertThat(jar.getEntry("org/apache/commons/compress/archivers/zip/ZipArchiveOutputStream.class"))
                    .as("the job jar's commons-compress, which POI needs").isNotNull();
            assertThat(jar.getEntry("org/apache/commons/lang3/SystemProperties.class"))
                    .as("the job jar's commons-lang3 3.13 or later, which commons-compress 1.28 needs").isNotNull();
        }
    }

    @Test
    void theLocalRunnersManifestNamesTheJobJarAndLibrariesThatExist() throws IOException {
        try (JarFile jar = new JarFile(LOCAL_JAR.toFile())) {
            Attributes manifest = jar.getManifest().getMainAttributes();
            assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.mongoessync.local.LocalMain");
            List<String> classPath = List.of(manifest.getValue(Attributes.Name.CLASS_PATH).split(" +"));
            assertThat(classPath).contains("mongo-es-sync.jar").anyMatch(p -> p.startsWith("lib/flink-runtime-"))
                    .anyMatch(p -> p.startsWith("local-lib/mongo-java-server-"))
                    // Flink's RPC system as a jar of its own (ClassPathRpcSystemLoader).
                    .contains("local-lib/flink-rpc-akka.jar");
            assertThat(classPath).allSatisfy(p -> assertThat(LOCAL_JAR.resolveSibling(p)).as(p).exists());
            assertThat(jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")))
                    .allMatch(n -> n.startsWith("io/mongoessync/local/") || n.startsWith("io/mongoessync/embedded/"));
        }
        System.out.printf("%s: %.2f MB%n", LOCAL_JAR, Files.size(LOCAL_JAR) / 1e6);
    }

    @Test
    void theJobJarStartedWithJavaNamesTheLocalRunner() throws Exception {
        for (String mode : List.of("--mongo-url=mongodb://127.0.0.1:1", "--demo")) {
            Process process = new ProcessBuilder("java", "-cp", JOB_JAR + ":target/lib/*", "io.mongoessync.cli.Main",
                    mode, "--elasticsearch-urls", "http://127.0.0.1:1").redirectErrorStream(true).start();
            String output = read(process.getInputStream());
            assertThat(process.waitFor()).as(output).isEqualTo(2);
            assertThat(output).as(mode).startsWith("mongo-es-sync: ").contains("java -jar target/mongo-es-sync-local.jar")
                    .doesNotContain("Exception");
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
