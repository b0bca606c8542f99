package dev.cdcsync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.connector.Writers;
import dev.cdcsync.connector.cassandra.CassandraTargetSettings;
import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.core.config.ConfigException;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.schema.EvolutionMode;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    void aSinkConfigurationBindsToThePipelineTheYamlWouldGive() {
        PipelineConfig p = SinkSettings.parse(Map.of("target.type", "postgres", "target.url", "jdbc:postgresql://db:5432/shop",
                "target.user", "cdc", "target.password", "s3cret", "schema-evolution", "evolve", "batch.max-rows", "500",
                "batch.max-delay", "20ms", "routes", "[{from: public.orders, to: orders_copy}]"), "shop-sink");
        assertThat(p.name()).isEqualTo("shop-sink");
        assertThat(p.target()).isEqualTo(new PostgresTargetSettings("jdbc:postgresql://db:5432/shop", "cdc", new Secret("s3cret"), null));
        assertThat(p.schemaEvolution()).isEqualTo(EvolutionMode.EVOLVE);
        assertThat(p.batch().maxRows()).isEqualTo(500);
        assertThat(p.batch().maxDelay()).isEqualTo(Duration.ofMillis(20));
        assertThat(p.routes()).singleElement().satisfies(r -> assertThat(r.targetName("orders")).isEqualTo("orders_copy"));
    }

    @Test
    void listsAreCommaSeparatedAndMappingsKeepTheDotsOfTheirKeys() {
        PipelineConfig p = SinkSettings.parse(Map.of("pipeline.name", "to-cassandra", "target.type", "cassandra",
                "target.contact-points", "c1:9042, c2:9042", "target.local-datacenter", "dc1", "target.keyspace", "shop",
                "target.replication.class", "SimpleStrategy", "target.driver.basic.request.timeout", "10 seconds"), "ignored");
        CassandraTargetSettings c = (CassandraTargetSettings) p.target();
        assertThat(p.name()).isEqualTo("to-cassandra");
        assertThat(c.contactPoints()).containsExactly("c1:9042", "c2:9042");
        assertThat(c.replication()).containsEntry("class", "SimpleStrategy");
        assertThat(c.driver()).containsEntry("basic.request.timeout", "10 seconds");
    }

    @Test
    void aBadValueOrUnknownKeyIsRefusedInTheYamlsWords() {
        assertThatThrownBy(() -> SinkSettings.parse(Map.of("target.type", "postgres", "target.url", "jdbc:postgresql://db/x",
                "batch.max-rows", "0"), "s")).isInstanceOf(ConfigException.class).hasMessageContaining("'batch.max-rows' must be positive");
        assertThatThrownBy(() -> SinkSettings.parse(Map.of("target.type", "postgres", "target.url", "jdbc:postgresql://db/x",
                "target.databse", "x"), "s")).isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'databse'")
                .hasMessageContaining("allowed keys:").hasMessageNotContaining("java.");
        assertThatThrownBy(() -> SinkSettings.parse(Map.of("target.type", "oracle"), "s"))
                .hasMessageContaining("unknown type 'oracle'").hasMessageContaining("postgres");
    }

    @Test
    void theShippedDistributedModeExampleIsAValidSinkConfiguration() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.nio.file.Path.of("..", "config", "kafka-connect-postgres-sink.json").toFile());
        Map<String, String> props = new java.util.HashMap<>();
        json.get("config").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        assertThat(SinkSettings.parse(props, json.get("name").asText()).target().where()).contains("replica:5432/shop");
        assertThat(new CdcSyncSinkConnector().validate(props).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }

    @Test
    void theShippedStandaloneModeExampleSaysWhatTheDistributedOneSays() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.nio.file.Path.of("..", "config", "kafka-connect-postgres-sink.json").toFile());
        Map<String, String> distributed = new java.util.HashMap<>(Map.of("name", json.get("name").asText()));
        json.get("config").fields().forEachRemaining(e -> distributed.put(e.getKey(), e.getValue().asText()));
        java.util.Properties standalone = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("..", "config", "kafka-connect-postgres-sink.properties"))) {
            standalone.load(in);
        }
        assertThat(standalone).containsExactlyInAnyOrderEntriesOf(distributed);
    }

    @Test
    void validateNamesTheKeyAValueTheYamlWouldRefuseIsOn() {
        var values = new CdcSyncSinkConnector().validate(Map.of("target.type", "postgres", "target.url", "mysql://db/x"))
                .configValues();
        assertThat(values).filteredOn(v -> v.name().equals("target.url")).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString().contains("PostgreSQL JDBC URL"));
    }

    @Test
    void aTransactionTopicTheSinkDoesNotReadIsRefusedOnItsKeyAndOneTaskReadsItAll() {
        Map<String, String> props = new java.util.HashMap<>(Map.of("target.type", "postgres",
                "target.url", "jdbc:postgresql://db/x", "topics.regex", "db\\.public\\..*",
                "transactions.topic", "db.transaction"));
        assertThat(new CdcSyncSinkConnector().validate(props).configValues())
                .filteredOn(v -> v.name().equals("transactions.topic")).singleElement()
                .satisfies(v -> assertThat(v.errorMessages()).singleElement().asString()
                        .contains("db.transaction is not among the topics the sink reads"));

        props.put("topics.regex", "db\\.(public\\..*|transaction)");
        assertThat(new CdcSyncSinkConnector().validate(props).configValues())
                .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
        CdcSyncSinkConnector connector = new CdcSyncSinkConnector();
        connector.start(props);
        assertThat(connector.taskConfigs(3)).hasSize(1);
        assertThatThrownBy(() -> SinkSettings.parse(Map.of("target.type", "postgres", "target.url", "jdbc:postgresql://db/x",
                "transactions.max-wait", "soon"), "s")).hasMessageContaining("transactions.max-wait")
                .hasMessageContaining("expected a duration (like 500ms, 10s, 2m), found 'soon'");
    }

    @Test
    void theConfigDefHasEveryTargetKeyOfTheYamlWithSecretsMasked() {
        ConfigDef def = SinkConfigDef.build();
        new Writers().settingsTypes().values().forEach(type -> {
            for (RecordComponent c : type.getRecordComponents()) {
                ConfigDef.ConfigKey key = def.configKeys().get("target." + SinkSettings.yamlName(c.getName()));
                assertThat(key).as("target.%s", SinkSettings.yamlName(c.getName())).isNotNull();
                assertThat(key.type == ConfigDef.Type.PASSWORD).isEqualTo(c.getType() == Secret.class);
            }
        });
        assertThat(def.configKeys()).containsKeys("target.type", "schema-evolution", "batch.max-rows", "errors.retry.max-backoff", "routes");
    }

    @Test
    void theDaemonsDeadLetterModeIsRefusedPointingToKafkaConnectsOwn() {
        assertThatThrownBy(() -> SinkSettings.parse(Map.of("target.type", "postgres", "target.url", "jdbc:postgresql://db/x",
                "errors.mode", "dead-letter"), "s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("errors.deadletterqueue.topic.name");
    }
}
