package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.PostgresSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * With Debezium's transaction-metadata topic ({@code transactions.topic}), the sink commits each source transaction
 * whole, though its records come on several topics and batches are far smaller than a transaction: a reader of the
 * target, sampling both tables in one snapshot while transactions stream (and the task restarts among them), never
 * sees a transaction's rows in one table without its rows in the other.
 */
class WholeTransactionsViaKafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRANSACTIONS = 8;

    @Test
    void aSourceTransactionOverSeveralTopicsIsNeverSeenHalfAppliedInTheTarget() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kafka_tx");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db)) {
            st.execute("CREATE TABLE transfers (id int PRIMARY KEY, batch int NOT NULL)");
            st.execute("CREATE TABLE batches (id int PRIMARY KEY)");
            st.execute("INSERT INTO transfers VALUES (0, 0)");
            st.execute("INSERT INTO batches VALUES (0)");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, Map.of("provide.transaction.metadata", "true"), "public.transfers", "public.batches");
            String sink = "/connectors/" + db + "_sink";
            Map<String, String> config = ViaKafka.sinkConfig(db, "postgres", target.settings());
            config.put("topics.regex", db + "\\.(public\\..*|transaction)");
            config.put("transactions.topic", db + ".transaction");
            config.put("tasks.max", "3"); // one task all the same: only one can see a transaction's every record
            config.put("batch.max-rows", "10");
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(ViaKafka.PLUGIN, db + "_workers")) {
                worker.put(sink + "/config", JSON.writeValueAsString(config));
                ViaKafka.awaitSame(src, target, "transfers", "batches");

                Set<String> seen = ConcurrentHashMap.newKeySet();
                AtomicBoolean reading = new AtomicBoolean(true);
                AtomicReference<Exception> readerFailed = new AtomicReference<>();
                Thread reader = new Thread(() -> sample(target, reading, seen, readerFailed));
                reader.start();
                for (int b = 1; b <= TRANSACTIONS; b++) {
                    if (b == TRANSACTIONS / 2) {
                        worker.post(sink + "/tasks/0/restart");
                    }
                    src.setAutoCommit(false);
                    st.execute("INSERT INTO transfers SELECT g, " + b + " FROM generate_series(" + (b * 1000) + ", " + (b * 1000 + 99) + ") g");
                    st.execute("INSERT INTO batches VALUES (" + b + ")");
                    st.execute("INSERT INTO transfers SELECT g, " + b + " FROM generate_series(" + (b * 1000 + 100) + ", " + (b * 1000 + 199) + ") g");
                    src.commit();
                    src.setAutoCommit(true);
                }
                ViaKafka.awaitSame(src, target, "transfers", "batches");
                reading.set(false);
                reader.join();
                assertThat(readerFailed.get()).as("the target reader ran to the end").isNull();
                assertThat(seen).as("what a reader saw: transfers / batches").contains(1 + 200 * TRANSACTIONS + " / " + (1 + TRANSACTIONS))
                        .allSatisfy(sample -> {
                            String[] counts = sample.split(" / ");
                            assertThat(Long.parseLong(counts[0]) - 1).as(sample).isEqualTo(200 * (Long.parseLong(counts[1]) - 1));
                        });
                assertThat(worker.get(sink + "/status")).as("one task").doesNotContain("\"id\":1");
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }

    /** Counts both tables in one statement (one snapshot) until told to stop. */
    private static void sample(PostgresSyncTarget target, AtomicBoolean reading, Set<String> seen,
                               AtomicReference<Exception> failed) {
        try (Connection c = target.connect(); Statement st = c.createStatement()) {
            while (reading.get()) {
                try (ResultSet rs = st.executeQuery(
                        "SELECT (SELECT count(*) FROM transfers), (SELECT count(*) FROM batches)")) {
                    rs.next();
                    seen.add(rs.getLong(1) + " / " + rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            failed.set(e);
        }
    }
}
