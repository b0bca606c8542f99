package dev.cdcsync.it.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.connector.source.MariaDbSourceSettings;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import dev.cdcsync.it.harness.TcpProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MariaDB (binlog) -> PostgreSQL against a real MariaDB 11.4 started from Maven artifacts. */
class MariaDbToPostgresIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return MariaDbPipeline.create(MariaDbServer.shared(), label);
    }

    @Test
    void aSourceThatStaysUnreachableStopsThePipelineOnceItsRetriesRunOut() throws Exception {
        p.sourceSql("CREATE TABLE pings (id int PRIMARY KEY)", "INSERT INTO pings VALUES (1)");
        try (TcpProxy link = new TcpProxy(MariaDbServer.shared().port())) {
            PipelineConfig base = p.config(List.of("pings"), EvolutionMode.LENIENT);
            MariaDbSourceSettings s = (MariaDbSourceSettings) base.source();
            p.start(new PipelineConfig(base.name(), new MariaDbSourceSettings("127.0.0.1", link.port(), s.user(),
                    s.password(), s.tables(), s.snapshot(), s.serverId(), s.schemaHistory(), s.debezium()), base.target(),
                    base.routes(), base.schemaEvolution(), base.deletes(), base.batch(),
                    new ErrorsConfig(null, null, new RetryConfig(3, Duration.ofMillis(200)))));
            p.awaitSame("pings");

            link.blip(Duration.ofMinutes(10).toMillis()); // the source is gone for longer than the retries last
            assertThatThrownBy(() -> Await.until(Duration.ofSeconds(60), () -> {
                p.assertRunning();
                throw new AssertionError("the pipeline still runs with its source unreachable");
            })).isInstanceOf(SyncFixture.PipelineStoppedError.class).hasMessageContaining("unreachable");
        }
    }

    /** The writer builds the key after Debezium's snapshot rows; the snapshot's last row ends the load, with no change after it. */
    @Test
    void theTargetHasEachTablesPrimaryKeyOnceDebeziumsSnapshotEndsWithoutAnyLaterChange() throws Exception {
        p.sourceSql("CREATE TABLE first_t (id int PRIMARY KEY, note text)", "CREATE TABLE last_t (a int, b int, PRIMARY KEY (b, a))",
                "INSERT INTO first_t SELECT seq, 'row' FROM seq_1_to_300", "INSERT INTO last_t SELECT seq, seq FROM seq_1_to_300");
        p.start("first_t", "last_t");
        p.awaitSame("first_t");
        p.awaitSame("last_t");
        Await.until(Duration.ofSeconds(30), () -> {
            assertThat(PostgresServer.primaryKey(p.target(), "public.first_t")).containsExactly("id");
            assertThat(PostgresServer.primaryKey(p.target(), "public.last_t")).containsExactly("b", "a");
        });
    }

    @Test
    void theBinlogBytesPastTheCheckpointAreReadForStatusAndMetrics() throws Exception {
        p.sourceSql("CREATE TABLE pings (id int PRIMARY KEY, note text)", "INSERT INTO pings VALUES (1, 'one')");
        p.start("pings");
        p.awaitSame("pings");
        PipelineConfig c = p.config(List.of("pings"), EvolutionMode.LENIENT);
        dev.cdcsync.core.model.Checkpoint held = p.durableCheckpoint();
        dev.cdcsync.connector.source.SourceLag caughtUp = dev.cdcsync.connector.source.Sources.debezium(c.source())
                .lag(p.name(), held);
        assertThat(caughtUp.current()).startsWith("binlog=");
        assertThat(caughtUp.behindBytes()).isBetween(0L, 10_000L);
        p.stop();
        p.sourceSql("INSERT INTO pings SELECT seq, REPEAT('x', 1000) FROM seq_2_to_201");
        dev.cdcsync.connector.source.SourceLag behind = dev.cdcsync.connector.source.Sources.debezium(c.source())
                .lag(p.name(), held);
        assertThat(behind.behindBytes()).as("200 rows of 1 kB written past the checkpoint")
                .isGreaterThan(caughtUp.behindBytes() + 200_000L);
        assertThat(behind.retainedBytes()).isEqualTo(behind.behindBytes());
    }
}
