package dev.cdcsync.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The cdc-sync sink against Debezium's JDBC sink connector on the same topic, in the same run. Debezium's PostgreSQL
 * source connector publishes a table's snapshot (N rows, key + 6 columns) and then every row updated, once; then each
 * sink, alone on the machine, applies the whole topic to a PostgreSQL database of its own, from a Connect worker JVM
 * of its own (same heap, one task, one partition); so does a sink that drops every record, the worker's own ceiling
 * (fetching and converting). A phase's rate is its rows over the time from the sink's start (or
 * the end of the phase before) until the sink's consumer group has committed the phase's last offset (sampled every
 * 100 ms; offsets committed every 200 ms). Both targets must end equal to the source.
 *
 * <p>{@code ./mvnw -B -Pbench -pl integration-tests -am verify -Dit.test=KafkaSinkBench -Dbench.rows=1000000}; the JDBC
 * sink's batch size is {@code -Dbench.jdbc.batch=1000} (also its consumer's {@code max.poll.records}).
 */
class KafkaSinkBench {

    private static final long ROWS = Long.getLong("bench.rows", 1_000_000);
    private static final int JDBC_BATCH = Integer.getInteger("bench.jdbc.batch", 1000);
    private static final long TIMEOUT_MS = 1_800_000;
    private static final Path PLUGIN = Path.of("..", "connector", "target", "cdc-sync-kafka-connect.zip");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Phases(double snapshotSeconds, double updateSeconds) {
        double snapshotRate() {
            return ROWS / snapshotSeconds;
        }

        double updateRate() {
            return ROWS / updateSeconds;
        }

        double totalRate() {
            return 2 * ROWS / (snapshotSeconds + updateSeconds);
        }
    }

    @Test
    void cdcSyncSinkAgainstDebeziumsJdbcSinkOnTheSameTopic() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kbench");
        KafkaConnectServer kafka = KafkaConnectServer.shared();
        String topic = db + ".public.bench";
        try (Connection src = pg.connect(db); Statement st = src.createStatement()) {
            st.execute("""
                    CREATE TABLE bench (id bigint PRIMARY KEY, c_int int, c_bigint bigint, c_text text,
                      c_numeric numeric(12,2), c_ts timestamp, c_bool boolean)""");
            st.execute("INSERT INTO bench SELECT g, g % 1000, g * 31, 'row number ' || g, g / 7.0, "
                    + "timestamp '2024-01-01' + g * interval '1 second', g % 2 = 0 FROM generate_series(1, " + ROWS + ") g");
            kafka.startPostgresSource(db, db, "public.bench");
            awaitTopicEnd(kafka, topic, ROWS);
            st.execute("UPDATE bench SET c_int = c_int + 1, c_text = c_text || '+'");
            awaitTopicEnd(kafka, topic, 2 * ROWS);
            kafka.removePostgresSource(db); // the capture is done: it must not compete with the sinks

            // The worker alone: fetching and converting the topic, records dropped (the ceiling for any sink).
            Phases ceiling = run(kafka, "null_sink", NullSinkConnector.pluginDir(), "NullSinkConnector",
                    sink(NullSinkConnector.class.getName(), topic), topic);

            // cdc-sync first: the topic's pages are at their coldest for it.
            String cdcTarget = pg.createDatabase("kbench_cdc");
            Map<String, String> cdc = sink("dev.cdcsync.connector.kafka.CdcSyncSinkConnector", topic);
            cdc.putAll(Map.of("target.type", "postgres", "target.url", pg.jdbcUrl(cdcTarget), "target.user", "postgres"));
            Phases cdcSync = run(kafka, "cdc_sync", ConnectWorkerProcess.unpacked(PLUGIN), "CdcSyncSinkConnector", cdc, topic);

            // cdc-sync reading the same records with its own converter (JsonConverter's format, schemas cached by bytes).
            String fastTarget = pg.createDatabase("kbench_fast");
            Map<String, String> fast = new LinkedHashMap<>(cdc);
            fast.put("target.url", pg.jdbcUrl(fastTarget));
            fast.put("key.converter", "dev.cdcsync.connector.kafka.SchemaCachingJsonConverter");
            fast.put("value.converter", "dev.cdcsync.connector.kafka.SchemaCachingJsonConverter");
            Phases cdcSyncFast = run(kafka, "cdc_sync_fast", ConnectWorkerProcess.unpacked(PLUGIN), "CdcSyncSinkConnector",
                    fast, topic);

            String jdbcTarget = pg.createDatabase("kbench_jdbc");
            Map<String, String> jdbc = sink("io.debezium.connector.jdbc.JdbcSinkConnector", topic);
            jdbc.putAll(Map.of("connection.url", pg.jdbcUrl(jdbcTarget), "connection.username", "postgres",
                    "connection.password", "", "insert.mode", "upsert", "delete.enabled", "true",
                    "primary.key.mode", "record_key", "schema.evolution", "basic", "collection.name.format", "bench",
                    "batch.size", String.valueOf(JDBC_BATCH)));
            jdbc.put("consumer.override.max.poll.records", String.valueOf(JDBC_BATCH));
            String version = new io.debezium.connector.postgresql.PostgresConnector().version();
            Phases debezium = run(kafka, "debezium_jdbc", ConnectWorkerProcess.installed(
                    "io.debezium:debezium-connector-jdbc:" + version), "JdbcSinkConnector", jdbc, topic);

            List<String> expected = summary(src);
            try (Connection a = pg.connect(cdcTarget); Connection b = pg.connect(jdbcTarget);
                 Connection c = pg.connect(fastTarget)) {
                assertThat(summary(a)).as("cdc-sync's target").isEqualTo(expected);
                assertThat(summary(c)).as("cdc-sync's target, its converter").isEqualTo(expected);
                assertThat(summary(b)).as("the JDBC sink's target").isEqualTo(expected);
            }
            System.out.printf("%n=== Kafka Connect sinks into PostgreSQL: %,d rows (key + 6 columns), snapshot then every row"
                    + " updated, one topic partition, one task each ===%n", ROWS);
            System.out.printf("%-22s %14s %16s %22s %8s %18s%n", "phase", "worker alone", "cdc-sync rows/s",
                    "Debezium JDBC rows/s", "ratio", "cdc-sync/ceiling");
            line("snapshot (inserts)", ceiling.snapshotRate(), cdcSync.snapshotRate(), debezium.snapshotRate());
            line("every row updated", ceiling.updateRate(), cdcSync.updateRate(), debezium.updateRate());
            line("whole topic", ceiling.totalRate(), cdcSync.totalRate(), debezium.totalRate());
            System.out.println("worker alone: the same worker and converter with a sink that drops every record");
            System.out.printf("%-22s %14s %16s %22s %8s%n", "", "", "cdc-sync, its", "", "");
            System.out.printf("%-22s %14s %16s %22s %8s%n", "phase", "", "converter rows/s", "Debezium JDBC rows/s", "ratio");
            line("snapshot (inserts)", cdcSyncFast.snapshotRate(), debezium.snapshotRate());
            line("every row updated", cdcSyncFast.updateRate(), debezium.updateRate());
            line("whole topic", cdcSyncFast.totalRate(), debezium.totalRate());
            System.out.printf("Debezium JDBC sink %s: insert.mode=upsert, delete.enabled=true, batch.size=%d,"
                    + " max.poll.records=%d; cdc-sync: defaults; every sink: header.converter=ByteArrayConverter%n%n",
                    version, JDBC_BATCH, JDBC_BATCH);
        }
    }

    private static Map<String, String> sink(String connectorClass, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // Neither sink reads the headers Debezium adds to every record: both keep them as bytes, unparsed.
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    /** Runs the sink in a worker of its own until its group has committed the whole topic; the phases' seconds. */
    private static Phases run(KafkaConnectServer kafka, String name, Path plugins, String plugin, Map<String, String> config,
                              String topic) throws Exception {
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.distributed(name + "_workers",
                Map.of("offset.flush.interval.ms", "200"), plugin, plugins);
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.kafka().bootstrapServers()))) {
            long start = System.nanoTime();
            worker.put("/connectors/" + name + "/config", JSON.writeValueAsString(config));
            long snapshotDone = 0;
            TopicPartition tp = new TopicPartition(topic, 0);
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("connect-" + name)
                        .partitionsToOffsetAndMetadata().get().get(tp);
                long offset = committed == null ? 0 : committed.offset();
                long now = System.nanoTime();
                if (snapshotDone == 0 && offset >= ROWS) {
                    snapshotDone = now;
                }
                if (offset >= 2 * ROWS) {
                    return new Phases((snapshotDone - start) / 1e9, (now - snapshotDone) / 1e9);
                }
                assertThat((now - start) / 1_000_000).as("%s committed %d of %d", name, offset, 2 * ROWS)
                        .isLessThan(TIMEOUT_MS);
                assertThat(status(worker, name)).doesNotContain("FAILED");
                Thread.sleep(100);
            }
        }
    }

    /** The connector's status, or nothing while the worker has none yet. */
    private static String status(ConnectWorkerProcess worker, String name) throws Exception {
        try {
            return worker.get("/connectors/" + name + "/status");
        } catch (IllegalStateException notYet) {
            return "";
        }
    }

    private static void awaitTopicEnd(KafkaConnectServer kafka, String topic, long records) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.kafka().bootstrapServers()))) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MS;
            TopicPartition tp = new TopicPartition(topic, 0);
            while (true) {
                long end = 0;
                try {
                    end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // the topic does not exist yet
                }
                if (end >= records) {
                    return;
                }
                assertThat(System.currentTimeMillis()).as("%s has %d of %d records", topic, end, records).isLessThan(deadline);
                Thread.sleep(500);
            }
        }
    }

    /** Row count and column sums: equal whatever column types each sink chose. */
    private static List<String> summary(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(c_int), sum(c_bigint),"
                + " sum(length(c_text)), sum(c_numeric), sum(c_bool::int), sum(extract(epoch FROM c_ts)) FROM bench")) {
            rs.next();
            List<String> out = new ArrayList<>();
            for (int i = 1; i <= 7; i++) {
                out.add(new java.math.BigDecimal(rs.getString(i)).stripTrailingZeros().toPlainString());
            }
            return out;
        }
    }

    private static void line(String phase, double cdcSync, double debezium) {
        System.out.printf("%-22s %14s %,16.0f %,22.0f %7.1fx%n", phase, "", cdcSync, debezium, cdcSync / debezium);
    }

    private static void line(String phase, double ceiling, double cdcSync, double debezium) {
        System.out.printf("%-22s %,14.0f %,16.0f %,22.0f %7.1fx %17.0f%%%n", phase, ceiling, cdcSync, debezium,
                cdcSync / debezium, 100 * cdcSync / ceiling);
    }
}
