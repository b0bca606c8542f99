package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker and Connect worker the harness starts: Debezium's PostgreSQL source connector, registered through
 * the worker's REST API, publishes a table's snapshot as change events with schemas (what the cdc-sync sink reads).
 */
class KafkaConnectServerIT {

    @Test
    void debeziumsPostgresSourceConnectorPublishesATablesRowsAsChangeEvents() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kafka_smoke");
        try (Connection c = pg.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            st.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        KafkaConnectServer kafka = KafkaConnectServer.shared();
        String prefix = db;
        kafka.startPostgresSource(prefix, db, "public.items");
        try {
            List<String> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : kafka.kafka().consume(3, 60_000, prefix + ".public.items")) {
                values.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            assertThat(values).hasSize(3);
            assertThat(values).allSatisfy(v -> assertThat(v).contains("\"schema\"").contains("\"op\":\"r\""));
            assertThat(values).anySatisfy(v -> assertThat(v).contains("\"after\":{\"id\":2,\"name\":\"two\"}"));
        } finally {
            kafka.removePostgresSource(prefix);
        }
    }
}
