package dev.cdcsync.it.kafka;

import static dev.cdcsync.it.kafka.ViaKafka.awaitSame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncTarget;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL -> Debezium's source connector -> Kafka -> the cdc-sync sink connector -> a target, on a real broker;
 * the sink runs in a Connect worker JVM of its own that has cdc-sync only from the plugin archive on its
 * {@code plugin.path} (a missing or doubled library fails here): snapshot, streaming, deletes, a table without a key,
 * the sink task restarted mid-stream, Kafka's committed offsets rewound behind the target's, a column added and a
 * truncate; every table equals its source row by row, nothing lost or doubled.
 */
public abstract class PostgresViaKafkaContract {

    private final SyncTarget.Kind kind;
    private final String targetType;

    /** @param kind the target kind, on its shared server; @param targetType its {@code target.type} */
    protected PostgresViaKafkaContract(SyncTarget.Kind kind, String targetType) {
        this.kind = kind;
        this.targetType = targetType;
    }


    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void changeEventsFromKafkaLandOnceInTheTargetAcrossATaskRestartAndARewind() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("via_kafka");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             SyncTarget target = kind.open(db)) {
            // A target that keeps no key-less table (Cassandra) gets the keyed table alone.
            String[] tables = target.keylessTables() ? new String[] {"items", "notes"} : new String[] {"items"};
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20), price numeric(10,2))");
            st.execute("CREATE TABLE notes (line varchar(40))");
            st.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.25 FROM generate_series(1, 200) g");
            st.execute("INSERT INTO notes VALUES ('first'), ('first'), ('second')");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, java.util.Arrays.stream(tables).map(t -> "public." + t).toArray(String[]::new));
            String sink = db + "_sink";
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(ViaKafka.PLUGIN, db + "_workers")) {
                worker.put("/connectors/" + sink + "/config", JSON.writeValueAsString(sinkConfig(db, target)));
                awaitSame(src, target, tables);
                assertThat(worker.get("/connectors/" + sink + "/config")).contains("${file:");

                st.execute("INSERT INTO items VALUES (201, 'late', 9.99)");
                st.execute("UPDATE items SET price = price + 1 WHERE id <= 50");
                st.execute("DELETE FROM items WHERE id BETWEEN 100 AND 120");
                st.execute("INSERT INTO notes VALUES ('third')");
                awaitSame(src, target, tables);

                worker.post("/connectors/" + sink + "/tasks/0/restart");
                st.execute("UPDATE items SET name = 'renamed' WHERE id % 7 = 0");
                st.execute("INSERT INTO notes VALUES ('after restart'), ('after restart')");
                awaitSame(src, target, tables);

                // Kafka's committed offsets fall behind the target's (as after a crash between the target's commit
                // and Kafka's): the target's offsets decide where reading resumes, so no streamed row lands twice
                // (the key-less table's; a keyed one's replay must not bring back older values either).
                worker.put("/connectors/" + sink + "/stop", "");
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(worker.get("/connectors/" + sink + "/status")).contains("STOPPED"));
                worker.patch("/connectors/" + sink + "/offsets", "{\"offsets\": [{\"partition\": {\"kafka_topic\": \"" + db
                        + ".public." + tables[tables.length - 1] + "\", \"kafka_partition\": 0}, \"offset\": {\"kafka_offset\": 3}}]}");
                worker.put("/connectors/" + sink + "/resume", "");
                st.execute("INSERT INTO notes VALUES ('after rewind')");
                awaitSame(src, target, tables);
                if (target.keylessTables()) {
                    assertThat(target.rows("notes", List.of("line")).size()).isEqualTo(7);
                }

                // A column added at the source reaches the target with the first row that has it; a truncate
                // empties the target's table too.
                st.execute("ALTER TABLE items ADD COLUMN color varchar(10)");
                st.execute("UPDATE items SET color = 'red' WHERE id <= 10");
                awaitSame(src, target, tables);
                st.execute("TRUNCATE items");
                st.execute("INSERT INTO items VALUES (1, 'again', 1.00, 'blue')");
                awaitSame(src, target, tables);
                assertThat(target.rows("items", List.of("id", "name", "price", "color")).rows()).hasSize(1);
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }

    /**
     * The sink's settings, with every {@code target.*} value kept in a properties file and named by Kafka Connect's
     * {@code FileConfigProvider} ({@code ${file:<path>:<key>}}), as secrets are: the worker resolves them before the
     * connector sees them, and its REST API shows only the reference.
     */
    private Map<String, String> sinkConfig(String topicPrefix, SyncTarget target) throws Exception {
        Map<String, String> config = ViaKafka.sinkConfig(topicPrefix, targetType, target.settings());
        java.util.Properties secrets = new java.util.Properties();
        Path file = java.nio.file.Files.createTempFile("cdc-sync-sink", ".properties");
        config.replaceAll((key, value) -> {
            if (!key.startsWith("target.") || key.equals("target.type")) {
                return value;
            }
            secrets.setProperty(key, value);
            return "${file:" + file + ":" + key + "}";
        });
        try (var out = java.nio.file.Files.newBufferedWriter(file)) {
            secrets.store(out, "the sink's target settings");
        }
        return config;
    }
}
