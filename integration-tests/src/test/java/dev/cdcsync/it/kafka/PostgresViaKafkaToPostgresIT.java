package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.PostgresSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import dev.cdcsync.it.harness.TableRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL -> Debezium's source connector -> Kafka -> the cdc-sync sink connector -> PostgreSQL, on a real broker;
 * the sink runs in a Connect worker JVM of its own that has cdc-sync only from the plugin archive on its
 * {@code plugin.path} (a missing or doubled library fails here): snapshot, streaming, deletes, a table without a key, the sink task restarted mid-stream, and Kafka's
 * committed offsets rewound behind the target's; every table equals its source row by row, nothing lost or doubled.
 */
class PostgresViaKafkaToPostgresIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Path PLUGIN = Path.of("..", "connector", "target", "cdc-sync-kafka-connect.zip");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void changeEventsFromKafkaLandOnceInThePostgresTargetAcrossATaskRestart() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("via_kafka");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db)) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20), price numeric(10,2))");
            st.execute("CREATE TABLE notes (line varchar(40))");
            st.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 200) g");
            st.execute("INSERT INTO notes VALUES ('first'), ('first'), ('second')");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, "public.items", "public.notes");
            String sink = db + "_sink";
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(PLUGIN, db + "_workers")) {
                worker.put("/connectors/" + sink + "/config", JSON.writeValueAsString(sinkConfig(db, target.settings())));
                awaitSame(src, target, "items", "notes");

                st.execute("INSERT INTO items VALUES (201, 'late', 9.99)");
                st.execute("UPDATE items SET price = price + 1 WHERE id <= 50");
                st.execute("DELETE FROM items WHERE id BETWEEN 100 AND 120");
                st.execute("INSERT INTO notes VALUES ('third')");
                awaitSame(src, target, "items", "notes");

                worker.post("/connectors/" + sink + "/tasks/0/restart");
                st.execute("UPDATE items SET name = 'renamed' WHERE id % 7 = 0");
                st.execute("INSERT INTO notes VALUES ('after restart'), ('after restart')");
                awaitSame(src, target, "items", "notes");

                // Kafka's committed offsets fall behind the target's (as after a crash between the target's commit
                // and Kafka's): the target's offsets decide where reading resumes, so no streamed row lands twice.
                worker.put("/connectors/" + sink + "/stop", "");
                Await.until(TIMEOUT, () -> assertThat(worker.get("/connectors/" + sink + "/status")).contains("STOPPED"));
                worker.patch("/connectors/" + sink + "/offsets", "{\"offsets\": [{\"partition\": {\"kafka_topic\": \"" + db
                        + ".public.notes\", \"kafka_partition\": 0}, \"offset\": {\"kafka_offset\": 3}}]}");
                worker.put("/connectors/" + sink + "/resume", "");
                st.execute("INSERT INTO notes VALUES ('after rewind')");
                awaitSame(src, target, "items", "notes");
                assertThat(target.rows("notes", List.of("line")).size()).isEqualTo(7);
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }

    private static Map<String, String> sinkConfig(String topicPrefix, PostgresTargetSettings target) {
        return Map.ofEntries(
                Map.entry("connector.class", "dev.cdcsync.connector.kafka.CdcSyncSinkConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("topics.regex", topicPrefix + "\\.public\\..*"),
                Map.entry("key.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("target.type", "postgres"),
                Map.entry("target.url", target.url()),
                Map.entry("target.user", target.user()),
                Map.entry("target.password", ""),
                Map.entry("batch.max-rows", "100"));
    }

    private static void awaitSame(Connection src, PostgresSyncTarget target, String... tables) throws Exception {
        for (String table : tables) {
            Await.until(TIMEOUT, () -> {
                TableRows expected = TableRows.read(src, "\"" + table + "\"");
                TableRows actual = target.rows(table, expected.columns());
                assertThat(actual.rows()).as("rows of %s", table).isEqualTo(expected.rows());
            });
        }
    }
}
