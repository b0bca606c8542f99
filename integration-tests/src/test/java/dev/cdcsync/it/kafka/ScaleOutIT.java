package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.PostgresSyncTarget;
import dev.cdcsync.it.harness.SyncTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Scaling out is Kafka Connect's own: two workers in distributed mode, a topic of three partitions, a sink of three
 * tasks, reading with cdc-sync's converter. One worker is killed (SIGKILL) while changes stream; its tasks move to the
 * other. At the end the target equals the source row by row, and the offset the target holds for each partition is
 * the one the sink's consumer group committed.
 */
class ScaleOutIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDeadWorkersTasksMoveToTheOtherAndTheTargetEndsEqualWithTheConsumerGroupsOffsets() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("scale_out");
        String sink = db + "_sink";
        try (Connection src = pg.connect(db); Statement st = src.createStatement();
             PostgresSyncTarget target = (PostgresSyncTarget) SyncTarget.Kind.POSTGRES.open(db)) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL)");
            st.execute("CREATE TABLE notes (line varchar(40))");
            st.execute("INSERT INTO items SELECT g, 0 FROM generate_series(1, 3000) g");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            // Keyed rows spread over three partitions by key; a key-less table's changes have no key to keep
            // their order by, so its topic keeps one partition.
            kafka.kafka().createTopic(db + ".public.items", 3);
            kafka.kafka().createTopic(db + ".public.notes", 1);
            kafka.startPostgresSource(db, db, "public.items", "public.notes");
            try (ConnectWorkerProcess first = ConnectWorkerProcess.start(ViaKafka.PLUGIN, db + "_workers");
                 ConnectWorkerProcess second = ConnectWorkerProcess.start(ViaKafka.PLUGIN, db + "_workers")) {
                Map<String, String> config = ViaKafka.sinkConfig(db, "postgres", target.settings());
                config.put("tasks.max", "3");
                // cdc-sync's own reader of JsonConverter's format, on real Debezium records from the plugin archive.
                config.put("key.converter", "dev.cdcsync.connector.kafka.SchemaCachingJsonConverter");
                config.put("value.converter", "dev.cdcsync.connector.kafka.SchemaCachingJsonConverter");
                first.put("/connectors/" + sink + "/config", JSON.writeValueAsString(config));
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(taskWorkers(first, sink))
                        .containsExactlyInAnyOrder(first.id(), second.id()));
                ViaKafka.awaitSame(src, target, "items", "notes");

                AtomicBoolean writing = new AtomicBoolean(true);
                AtomicReference<Exception> failure = new AtomicReference<>();
                Thread writer = new Thread(() -> write(pg, db, writing, failure), "source-writer");
                writer.start();
                Thread.sleep(3000);
                second.kill();
                Thread.sleep(3000);
                Await.until(Duration.ofSeconds(90), () -> assertThat(taskWorkers(first, sink)).containsExactly(first.id()));
                Thread.sleep(2000);
                writing.set(false);
                writer.join();
                assertThat(failure.get()).isNull();

                ViaKafka.awaitSame(src, target, "items", "notes");
                Await.until(ViaKafka.TIMEOUT, () -> assertThat(targetOffsets(target, sink))
                        .hasSize(4).isEqualTo(groupOffsets(kafka, sink)));
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }

    /** Small transactions, each updating a few random rows and sometimes adding a note, until told to stop. */
    private static void write(PostgresServer pg, String db, AtomicBoolean writing, AtomicReference<Exception> failure) {
        Random random = new Random(7);
        try (Connection c = pg.connect(db);
             PreparedStatement update = c.prepareStatement("UPDATE items SET qty = qty + 1 WHERE id = ?");
             PreparedStatement note = c.prepareStatement("INSERT INTO notes VALUES (?)")) {
            c.setAutoCommit(false);
            for (int tx = 0; writing.get(); tx++) {
                for (int i = 0; i < 5; i++) {
                    update.setInt(1, 1 + random.nextInt(3000));
                    update.executeUpdate();
                }
                if (tx % 10 == 0) {
                    note.setString(1, "note " + tx);
                    note.executeUpdate();
                }
                c.commit();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            failure.set(e);
        }
    }

    /** The workers running the sink's tasks, by id, per Kafka Connect's status. */
    private static Set<String> taskWorkers(ConnectWorkerProcess worker, String sink) throws Exception {
        Set<String> workers = new HashSet<>();
        for (JsonNode task : JSON.readTree(worker.get("/connectors/" + sink + "/status")).get("tasks")) {
            assertThat(task.get("state").asText()).as(task.toString()).isEqualTo("RUNNING");
            workers.add(task.get("worker_id").asText());
        }
        assertThat(workers).isNotEmpty();
        return workers;
    }

    /** The next offset to read per topic partition, as the target's checkpoint table says (the offset held, plus one). */
    private static Map<TopicPartition, Long> targetOffsets(PostgresSyncTarget target, String sink) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (PreparedStatement ps = target.connection().prepareStatement(
                "SELECT source_partition, source_offset FROM cdc_sync_offsets WHERE pipeline = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode partition = JSON.readTree(rs.getString(1));
                    offsets.put(new TopicPartition(partition.get("topic").asText(), partition.get("partition").asInt()),
                            JSON.readTree(rs.getString(2)).get("offset").asLong() + 1);
                }
            }
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> groupOffsets(KafkaConnectServer kafka, String sink) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.kafka().bootstrapServers()))) {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets("connect-" + sink)
                    .partitionsToOffsetAndMetadata().get().entrySet()) {
                offsets.put(e.getKey(), e.getValue().offset());
            }
            return offsets;
        }
    }
}
