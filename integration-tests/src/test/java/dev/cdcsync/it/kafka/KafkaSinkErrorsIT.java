package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.PostgresSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import dev.cdcsync.it.harness.TableRows;
import dev.cdcsync.it.harness.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the sink meets failures, through a real broker and a Connect worker of its own, into PostgreSQL: a target that
 * goes away, and a commit whose answer is lost, make the task read again from the offsets the target holds (nothing
 * lost, nothing doubled, the key-less table included); a row the target refuses and a record that is not a change event
 * go to the dead-letter topic while every other row lands; without a dead-letter topic the task stops, naming the row.
 */
class KafkaSinkErrorsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConnectWorkerProcess worker;

    @BeforeAll
    static void startWorker() throws Exception {
        worker = ConnectWorkerProcess.start(ViaKafka.PLUGIN, "sink_errors_workers");
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void aTargetThatGoesAwayOrLosesACommitsAnswerIsReadAgainFromItsOffsetsWithNothingLostOrDoubled() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kafka_outage");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db);
             TcpProxy link = new TcpProxy(pg.port())) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            st.execute("CREATE TABLE notes (line varchar(40))");
            st.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 100) g");
            st.execute("INSERT INTO notes VALUES ('first'), ('first')");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, "public.items", "public.notes");
            String sink = "/connectors/" + db + "_sink";
            try {
                worker.put(sink + "/config", JSON.writeValueAsString(
                        ViaKafka.sinkConfig(db, "postgres", target.settingsThrough(link.port()))));
                ViaKafka.awaitSame(src, target, "items", "notes");

                // The link to the target is cut while changes stream: writes fail, and the task reads them again.
                link.blip(4000);
                for (int i = 0; i < 20; i++) {
                    st.execute("INSERT INTO notes VALUES ('during the cut " + i + "')");
                    st.execute("UPDATE items SET name = 'cut " + i + "' WHERE id = " + (i + 1));
                    Thread.sleep(100);
                }
                ViaKafka.awaitSame(src, target, "items", "notes");

                // The target commits a batch whose answer never arrives: the task cannot tell whether it landed, and
                // reads on from the offsets the target holds, so that batch's key-less rows are not inserted twice.
                link.loseAnswerTo("lost answer", "COMMIT");
                st.execute("INSERT INTO notes VALUES ('lost answer'), ('lost answer')");
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(link.answersLost()).isEqualTo(1));
                st.execute("INSERT INTO notes VALUES ('after the lost answer')");
                ViaKafka.awaitSame(src, target, "items", "notes");
                assertThat(target.rows("notes", List.of("line")).size()).isEqualTo(25);
                assertThat(worker.get(sink + "/status")).doesNotContain("FAILED");
                assertThat(Files.readString(worker.log())).contains("reading again from the target's offsets");
            } finally {
                removeIfThere(sink);
                kafka.removePostgresSource(db);
            }
        }
    }

    @Test
    void rowsTheTargetRefusesAndRecordsThatAreNotChangeEventsGoToTheDeadLetterTopicAndAllElseLands() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kafka_dlq");
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db);
             Statement dst = target.connection().createStatement()) {
            String ddl = "CREATE TABLE items (id int PRIMARY KEY, name varchar(20), price numeric(10,2)";
            st.execute(ddl + ")");
            dst.execute(ddl + ", CONSTRAINT cheap CHECK (price < 1000))"); // a rule the source does not have
            st.execute("INSERT INTO items SELECT g, 'item ' || g, g FROM generate_series(1, 50) g");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, "public.items");
            String topic = db + ".public.items";
            String tolerant = "/connectors/" + db + "_sink";
            String strict = "/connectors/" + db + "_strict";
            try {
                Map<String, String> config = ViaKafka.sinkConfig(db, "postgres", target.settings());
                config.put("errors.tolerance", "all");
                config.put("errors.deadletterqueue.topic.name", db + "_dlq");
                config.put("errors.deadletterqueue.topic.replication.factor", "1");
                config.put("errors.deadletterqueue.context.headers.enable", "true");
                worker.put(tolerant + "/config", JSON.writeValueAsString(config));
                ViaKafka.awaitSame(src, target, "items");

                st.execute("INSERT INTO items VALUES (51, 'too dear', 5000), (52, 'fine', 10)");
                // A stray record on a topic the sink reads (it would stop the stricter sink below before the row does).
                kafka.kafka().produce(db + ".public.stray", "{\"schema\": {\"type\": \"string\"}, \"payload\": \"not a change event\"}");
                st.execute("UPDATE items SET name = 'after' WHERE id = 1");
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(target.rows("items", List.of()).rows())
                        .isEqualTo(TableRows.read(src, "items WHERE id <> 51").rows()));

                List<String> letters = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : kafka.kafka().consume(2, 60_000, db + "_dlq")) {
                    Header error = r.headers().lastHeader("__connect.errors.exception.message");
                    letters.add(new String(r.value(), StandardCharsets.UTF_8) + " | "
                            + new String(error.value(), StandardCharsets.UTF_8));
                }
                assertThat(letters).hasSize(2);
                assertThat(letters).anySatisfy(l -> assertThat(l).contains("\"after\":{\"id\":51,")
                        .contains("target rejected the row at table items, key [51]").contains("cheap"));
                assertThat(letters).anySatisfy(l -> assertThat(l).contains("not a change event")
                        .contains("not a Debezium change event"));

                // Without somewhere to set it aside, the refused row stops the task, naming it.
                Map<String, String> strictConfig = ViaKafka.sinkConfig(db, "postgres", target.settings());
                strictConfig.remove("topics.regex");
                strictConfig.put("topics", topic);
                worker.put(strict + "/config", JSON.writeValueAsString(strictConfig));
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(worker.get(strict + "/status")).contains("FAILED")
                        .contains("target rejected the row at table items, key [51]"));
                assertThat(target.rows("items", List.of()).rows())
                        .isEqualTo(TableRows.read(src, "items WHERE id <> 51").rows());
            } finally {
                removeIfThere(tolerant);
                removeIfThere(strict);
                kafka.removePostgresSource(db);
            }
        }
    }

    /** Removes a connector, if the test got as far as creating it (not hiding why it did not). */
    private static void removeIfThere(String connector) throws Exception {
        if (!worker.get("/connectors").contains("\"" + connector.substring(connector.lastIndexOf('/') + 1) + "\"")) {
            return;
        }
        worker.delete(connector);
    }
}
