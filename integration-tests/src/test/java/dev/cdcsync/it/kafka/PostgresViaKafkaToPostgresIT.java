package dev.cdcsync.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcsync.it.harness.ConnectWorkerProcess;
import dev.cdcsync.it.harness.KafkaConnectServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncTarget;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kafka Connect sink contract into PostgreSQL, and what only this target does with a key change. */
class PostgresViaKafkaToPostgresIT extends PostgresViaKafkaContract {
    PostgresViaKafkaToPostgresIT() {
        super(SyncTarget.Kind.POSTGRES, "postgres");
    }

    /**
     * A row whose key changes while its large column stays (sent as "unchanged"): the old key travels in Debezium's
     * {@code __debezium.oldkey} header, which reaches the sink as text through the headers' converters, and the
     * target's row under the new key keeps the large value (with headers as bytes, as the examples set them).
     */
    @Test
    void aKeyChangeThroughKafkaKeepsTheLargeColumnTheSourceDidNotResend() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase("kafka_key_change");
        try (Connection src = pg.connect(db); Statement st = src.createStatement(); SyncTarget target = SyncTarget.Kind.POSTGRES.open(db)) {
            st.execute("CREATE TABLE docs (id int PRIMARY KEY, title text, body text)");
            st.execute("ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL"); // out of line: "unchanged" when not updated
            st.execute("INSERT INTO docs SELECT g, 'doc ' || g, repeat(md5(g::text), 200) FROM generate_series(1, 3) g");
            KafkaConnectServer kafka = KafkaConnectServer.shared();
            kafka.startPostgresSource(db, db, "public.docs");
            Map<String, String> config = ViaKafka.sinkConfig(db, "postgres", target.settings());
            config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(ViaKafka.PLUGIN, db + "_workers")) {
                worker.put("/connectors/" + db + "_sink/config", new ObjectMapper().writeValueAsString(config));
                ViaKafka.awaitSame(src, target, "docs");
                st.execute("UPDATE docs SET id = 100 WHERE id = 1");
                st.execute("UPDATE docs SET id = 200, title = 'moved' WHERE id = 2");
                ViaKafka.awaitSame(src, target, "docs");
                assertThat(target.rows("docs", List.of("id", "title", "body")).rows()).extracting(r -> r.get(2))
                        .as("every body arrived whole").allSatisfy(body -> assertThat(body).hasSize(6400));
            } finally {
                kafka.removePostgresSource(db);
            }
        }
    }
}
