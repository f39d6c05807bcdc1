package io.mongoessync.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/ cannot be run here (no Docker engine), so its files are checked for what can go wrong
 * without one: references between services, the mounted files, the versions, Kibana's objects,
 * and, where Debian's docker-compose client is installed, its own validation.
 */
class DockerFilesTest {

    private static final Path COMPOSE = Paths.get("docker/docker-compose.yml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        try (Reader reader = Files.newBufferedReader(COMPOSE, StandardCharsets.UTF_8)) {
            Map<String, Object> compose = new Yaml().load(reader);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void servicesReferenceEachOtherAndMountFilesThatExist() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("mongo", "elasticsearch", "kibana", "kibana-setup", "jobmanager", "taskmanager", "seed", "submit");
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object dependsOn = service.getValue().get("depends_on");
            Collection<?> names = dependsOn instanceof Map ? ((Map<?, ?>) dependsOn).keySet()
                    : dependsOn instanceof List ? (List<?>) dependsOn : List.of();
            assertThat(services.keySet()).as("%s depends on", service.getKey()).containsAll((Collection<String>) names);
            Object volumes = service.getValue().get("volumes");
            for (Object volume : volumes instanceof List ? (List<?>) volumes : List.<Object>of()) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    Path onHost = Paths.get("docker").resolve(source).normalize();
                    boolean builtByMaven = onHost.equals(Paths.get("target/mongo-es-sync.jar"))
                            || onHost.equals(Paths.get("target/mongo-es-sync-local.jar"));
                    assertThat(builtByMaven || Files.exists(onHost)).as("%s mounts %s", service.getKey(), onHost).isTrue();
                }
            }
        }
    }

    @Test
    void versionsAreTheOnesTheJobIsBuiltFor() throws Exception {
        Map<String, Map<String, Object>> services = services();
        assertThat(services.get("mongo").get("command").toString()).contains("--replSet");
        assertThat(services.get("elasticsearch").get("image").toString()).endsWith(":7.17.29");
        assertThat(services.get("kibana").get("image").toString()).endsWith(":7.17.29");
        assertThat(services.get("jobmanager").get("image").toString()).startsWith("flink:1.18.1");
        assertThat(Files.readString(Paths.get("pom.xml"))).contains("<finalName>mongo-es-sync</finalName>");
        List<?> seed = (List<?>) services.get("seed").get("entrypoint");
        Class.forName(seed.get(3).toString()).getMethod("main", String[].class);
    }

    @Test
    void kibanaObjectsAreTheIndexPatternAndTheTopTenPieChart() throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(Paths.get("docker/kibana-saved-objects.ndjson"))) {
            objects.add(JSON.readTree(line));
        }
        assertThat(objects).extracting(o -> o.path("type").asText()).containsExactly("index-pattern", "visualization");
        assertThat(objects.get(0).path("attributes").path("title").asText()).isEqualTo("hotmovies");
        JsonNode chart = objects.get(1);
        assertThat(chart.path("references").path(0).path("id").asText()).isEqualTo(objects.get(0).path("id").asText());
        JsonNode visState = JSON.readTree(chart.path("attributes").path("visState").asText());
        assertThat(visState.path("type").asText()).isEqualTo("pie");
        JsonNode terms = visState.path("aggs").path(1);
        assertThat(terms.path("params").path("field").asText()).isEqualTo("title.keyword");
        assertThat(terms.path("params").path("size").asInt()).isEqualTo(10);
        assertThat(visState.path("aggs").path(0).path("params").path("field").asText()).isEqualTo("popularity");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        boolean client = new File("/usr/bin/docker-compose").canExecute();
        Assumptions.assumeTrue(client, "Debian's docker-compose client is not installed (apt-get install docker-compose)");
        Process process = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
