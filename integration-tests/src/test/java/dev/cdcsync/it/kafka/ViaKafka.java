package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.core.spi.TargetSettings;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.SyncTarget;
import dev.cdcsync.it.harness.TableRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the tests of the sink through Kafka share: the plugin archive, a sink's settings, and waiting for the target. */
final class ViaKafka {

    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static final Path PLUGIN = Path.of("..", "connector", "target", "cdc-sync-kafka-connect.zip");

    private ViaKafka() {
    }

    /** A sink reading Debezium's topics of {@code topicPrefix}'s public schema with the JSON converter, into a target. */
    static Map<String, String> sinkConfig(String topicPrefix, String targetType, TargetSettings target) throws Exception {
        Map<String, String> config = new LinkedHashMap<>(SinkProperties.of(targetType, target));
        config.put("connector.class", "dev.cdcsync.connector.kafka.CdcSyncSinkConnector");
        config.put("tasks.max", "1");
        config.put("topics.regex", topicPrefix + "\\.public\\..*");
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("batch.max-rows", "100");
        return config;
    }

    /** Waits until each table of the target equals its source table. */
    static void awaitSame(Connection src, SyncTarget target, String... tables) throws Exception {
        for (String table : tables) {
            Await.until(TIMEOUT, () -> {
                TableRows expected = TableRows.read(src, "\"" + table + "\"");
                TableRows actual = target.rows(table, expected.columns());
                assertThat(actual.rows()).as("rows of %s", table).isEqualTo(expected.rows());
            });
        }
    }
}
