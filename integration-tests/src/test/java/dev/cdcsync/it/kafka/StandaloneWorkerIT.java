package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.PostgresSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The shipped standalone-mode example ({@code config/kafka-connect-standalone.properties} and
 * {@code config/kafka-connect-postgres-sink.properties}) run as a user runs it, with only the addresses, names and the
 * secret's file changed: the sink carries a table's snapshot and its changes into PostgreSQL.
 */
class StandaloneWorkerIT {

    @Test
    void theShippedStandaloneExampleRunsTheSinkOnOneWorker() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("standalone");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db)) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, "public.items");
            Path dir = Files.createTempDirectory("standalone-example");
            Path secrets = Files.writeString(dir.resolve("secrets.properties"), "replica.password=\n");
            Properties sink = load("kafka-connect-postgres-sink.properties");
            sink.setProperty("name", db + "_sink");
            sink.setProperty("topics.regex", db + "\\.public\\..*");
            sink.setProperty("target.url", target.settings().url());
            sink.setProperty("target.user", "postgres");
            sink.setProperty("target.password", sink.getProperty("target.password")
                    .replace("/etc/kafka/secrets.properties", secrets.toString()));
            sink.setProperty("errors.deadletterqueue.topic.replication.factor", "1"); // a one-broker cluster
            Path sinkFile = dir.resolve("sink.properties");
            try (var out = Files.newBufferedWriter(sinkFile)) {
                sink.store(out, null);
            }
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.standalone(ViaKafka.PLUGIN,
                    load("kafka-connect-standalone.properties"), List.of(sinkFile))) {
                ViaKafka.awaitSame(src, target, "items");
                st.execute("UPDATE items SET name = 'changed' WHERE id <= 10");
                st.execute("DELETE FROM items WHERE id > 90");
                ViaKafka.awaitSame(src, target, "items");
                assertThat(worker.get("/connectors/" + db + "_sink/status")).contains("RUNNING").doesNotContain("FAILED");
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }

    private static Properties load(String example) throws IOException {
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(Path.of("..", "config", example))) {
            props.load(in);
        }
        return props;
    }
}
