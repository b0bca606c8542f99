package dev.cdcsync.it.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.daemon.Daemon;
import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.BatchConfig;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.core.config.SyncConfig;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.RestartablePostgres;
import dev.cdcsync.it.harness.TableRows;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replication slot is told only what the target has committed: while the target is down and
 * the source keeps changing, the slot's confirmed_flush_lsn never moves past the target's checkpoint.
 */
class SlotConfirmationIT {

    private static final String SLOT = "cdc_sync_slot_confirmation";

    @Test
    void confirmedFlushLsnNeverPassesTheTargetCheckpoint() throws Exception {
        PostgresServer source = PostgresServer.shared();
        source.dropSlot(SLOT);
        String db = source.createDatabase("slot");
        try (RestartablePostgres target = new RestartablePostgres();
             Connection src = source.connect(db); Statement srcSql = src.createStatement()) {
            try (Connection c = target.connect("postgres")) {
                c.createStatement().execute("CREATE DATABASE replica");
            }
            srcSql.execute("CREATE TABLE t (id int PRIMARY KEY, v int)");
            srcSql.execute("INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g");
            var pipeline = new PipelineConfig("slot_confirmation",
                    new PostgresSourceSettings("localhost", source.port(), db, "postgres", new Secret(""), List.of("public.t"),
                            "initial", null, null, null, Map.of()),
                    new PostgresTargetSettings(target.jdbcUrl("replica"), "postgres", new Secret(""), "public"),
                    List.of(), null, null, BatchConfig.DEFAULT, new ErrorsConfig(null, null, new RetryConfig(100, Duration.ofMillis(500))));
            try (Daemon daemon = new Daemon(new SyncConfig(List.of(pipeline)))) {
                daemon.start();
                for (int i = 1; i <= 50; i++) {
                    srcSql.execute("UPDATE t SET v = " + i + " WHERE id = " + i);
                }
                Await.until(Duration.ofSeconds(60), () -> assertSame(src, target));
                Await.until(Duration.ofSeconds(30), () -> assertThat(source.confirmedFlushLsn(SLOT)).isPositive());

                // The checkpoint the target holds when it goes down, read with no race: the checkpoint table is locked
                // first (the pipeline's next commit waits on the lock), read, and the server stopped under the lock.
                long frozen;
                try (Connection lock = target.connect("replica")) {
                    lock.setAutoCommit(false);
                    lock.createStatement().execute("LOCK TABLE cdc_sync_offsets IN ACCESS EXCLUSIVE MODE");
                    frozen = checkpointLsn(lock);
                    target.stop();
                }
                long deadline = System.currentTimeMillis() + 6000;
                int writes = 0;
                while (System.currentTimeMillis() < deadline) {
                    srcSql.execute("UPDATE t SET v = v + 1 WHERE id = " + (1 + writes % 100));
                    writes++;
                    assertThat(source.confirmedFlushLsn(SLOT)).as("slot confirmed past the target's checkpoint while the target is down")
                            .isLessThanOrEqualTo(frozen);
                    Thread.sleep(20);
                }
                target.start();
                Await.until(Duration.ofSeconds(60), () -> assertSame(src, target));
                Await.until(Duration.ofSeconds(30), () -> assertThat(source.confirmedFlushLsn(SLOT)).isGreaterThan(frozen));
                assertThat(source.confirmedFlushLsn(SLOT)).isLessThanOrEqualTo(checkpointLsn(target));
            }
        } finally {
            source.dropSlot(SLOT);
        }
    }

    private static void assertSame(Connection src, RestartablePostgres target) throws Exception {
        try (Connection dst = target.connect("replica")) {
            assertThat(TableRows.read(dst, "t")).isEqualTo(TableRows.read(src, "t"));
        }
    }

    /** The highest LSN the target's committed checkpoint covers. */
    private static long checkpointLsn(RestartablePostgres target) throws Exception {
        try (Connection c = target.connect("replica")) {
            return checkpointLsn(c);
        }
    }

    /**
     * The highest LSN the checkpoint covers: the connector's entry, or before it streamed anything, the COPY load's (the
     * slot's consistent point, which the load's rows reach); the load's per-table entries and a voided entry hold none.
     */
    private static long checkpointLsn(Connection c) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT source_partition, source_offset FROM cdc_sync_offsets"
                     + " WHERE pipeline = 'slot_confirmation'")) {
            long max = 0;
            int connectorEntries = 0;
            while (rs.next()) {
                Checkpoint.Entry entry = CheckpointCodec.entry(rs.getString(1), rs.getString(2));
                connectorEntries += entry.partition().containsKey("cdc_sync_load") ? 0 : 1;
                for (String key : List.of("lsn", "lsn_proc", "lsn_commit")) {
                    if (entry.offset().get(key) instanceof Number n) {
                        max = Math.max(max, n.longValue());
                    }
                }
            }
            assertThat(connectorEntries).as("one source partition").isLessThanOrEqualTo(1);
            assertThat(max).as("a checkpoint").isPositive();
            return max;
        }
    }
}
