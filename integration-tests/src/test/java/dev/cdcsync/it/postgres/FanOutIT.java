package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.connector.postgres.PostgresTargetSettings;
import dev.cdcsync.core.config.ErrorsConfig;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.RetryConfig;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.core.config.Secret;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.RestartablePostgres;
import dev.cdcsync.it.harness.TableRows;
import dev.cdcsync.it.harness.TcpProxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One capture feeding two PostgreSQL targets ({@code targets:}): while one is stopped or unreachable the other keeps up; once
 * it answers again it catches up from its own checkpoint, and both end equal to the source, a key-less table included
 * (a change applied twice to either target would double its rows).
 */
class FanOutIT {

    @Test
    void aTargetWhoseServerIsStoppedForAWhileCatchesUpWhileTheOtherKeepsUpAndBothEndEqualToTheSource() throws Exception {
        try (RestartablePostgres secondServer = new RestartablePostgres();
             PostgresPipeline p = PostgresPipeline.create(PostgresServer.shared(), "fan_out")) {
            p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, v text)", "CREATE TABLE events (note text)",
                    "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 100) g",
                    "INSERT INTO events SELECT 'snapshot ' || g FROM generate_series(1, 20) g");
            p.start(withSecondTarget(p.config(List.of("items", "events"), EvolutionMode.LENIENT),
                    secondServer.jdbcUrl("postgres")));
            try (Connection second = secondServer.connect("postgres")) {
                awaitBoth(p, second);
            }

            secondServer.stop(); // a fast shutdown: its connections are cut and it refuses new ones
            for (int i = 0; i < 30; i++) {
                p.sourceSql("INSERT INTO items VALUES (" + (1000 + i) + ", 'during')",
                        "UPDATE items SET v = 'changed " + i + "' WHERE id = " + (i + 1),
                        "DELETE FROM items WHERE id = " + (50 + i), "INSERT INTO events VALUES ('during " + i + "')");
            }
            p.awaitSame("items"); // the first keeps up while the second is down
            p.awaitSame("events");
            Thread.sleep(5_000); // down a while longer: the pipeline keeps running without it
            p.assertRunning();

            secondServer.start();
            try (Connection second = secondServer.connect("postgres")) {
                awaitBoth(p, second); // once it answers, it catches up
                p.sourceSql("INSERT INTO items VALUES (5000, 'after')", "INSERT INTO events VALUES ('after')");
                awaitBoth(p, second);
                assertThat(TableRows.read(second, "events").rows()).hasSize(51);
                assertThat(p.targetRows("events").rows()).hasSize(51);
            }
        }
    }

    @Test
    void afterARestartTheCaptureResumesFromTheOlderTargetsCheckpointAndTheOtherAppliesNothingTwice() throws Exception {
        try (TwoTargets t = new TwoTargets("fan_restart", "fan_r")) {
            PostgresPipeline p = t.p;
            Connection second = t.second;
            p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, v text)", "CREATE TABLE events (note text)",
                    "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 10) g", "INSERT INTO events VALUES ('first')");
            PipelineConfig config = t.config(List.of("items", "events"));
            p.start(config);
            awaitBoth(p, second);

            t.link.blip(600_000); // the second target stays unreachable while the first moves on
            for (int i = 0; i < 10; i++) {
                p.sourceSql("INSERT INTO items VALUES (" + (100 + i) + ", 'while one was down')",
                        "INSERT INTO events VALUES ('while one was down " + i + "')");
            }
            p.awaitSame("items");
            p.awaitSame("events");
            p.stop(); // the targets now hold different checkpoints, and only the targets know them
            t.link.blip(0);

            p.start(config);
            p.sourceSql("INSERT INTO events VALUES ('after the restart')");
            awaitBoth(p, second);
            assertThat(p.targetRows("events").rows()).hasSize(12);
            assertThat(TableRows.read(second, "events").rows()).hasSize(12);
        }
    }

    @Test
    void aTargetThatDropsOutOfTheLoadGetsTheRestOnceItAnswersAndTheSameLoadResumesForBoth() throws Exception {
        try (TwoTargets t = new TwoTargets("fan_load", "fan_l")) {
            PostgresPipeline p = t.p;
            Connection second = t.second;
            // Five chunks of about 100,000 rows: the load's checkpoint passes a chunk well before it ends.
            p.sourceSql("CREATE TABLE loaded (id int PRIMARY KEY, v text)",
                    "INSERT INTO loaded SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 500000) g", "ANALYZE loaded");
            p.start(t.config(List.of("loaded")));
            assertThat(Await.condition(Duration.ofSeconds(60),
                    () -> PostgresServer.loadCheckpoint(second, "next_block,public.loaded") > 0))
                    .as("the second target holds part of the load").isTrue();
            long consistentPoint = PostgresServer.loadCheckpoint(second, "lsn");
            t.link.blip(10_000); // it drops out of the load; the first finishes it and streams

            p.sourceSql("UPDATE loaded SET v = 'changed' WHERE id % 1000 = 0", "DELETE FROM loaded WHERE id % 1000 = 1",
                    "INSERT INTO loaded VALUES (-1, 'after the drop')");
            String source = digest(p.source());
            Await.until(Duration.ofSeconds(120), () -> {
                p.assertRunning();
                assertThat(digest(p.target())).isEqualTo(source);
                assertThat(digest(second)).as("the second, once it answers again").isEqualTo(source);
            });
            assertThat(PostgresServer.loadCheckpoint(p.target(), "lsn")).as("the load resumed, under the same slot's point")
                    .isEqualTo(consistentPoint);
            assertThat(PostgresServer.loadCheckpoint(second, "lsn")).isEqualTo(consistentPoint);
        }
    }

    private static String digest(Connection c) throws java.sql.SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(
                "SELECT count(*) || ':' || md5(string_agg(id || '=' || v, ',' ORDER BY id)) FROM loaded")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A pipeline from a source on the shared server, its first target there too, and a second behind a relay. */
    private static final class TwoTargets implements AutoCloseable {
        final PostgresPipeline p;
        final TcpProxy link;
        final String secondDb;
        final Connection second;

        TwoTargets(String label, String secondDb) throws Exception {
            PostgresServer server = PostgresServer.shared();
            this.secondDb = server.createDatabase(secondDb);
            this.p = PostgresPipeline.create(server, label);
            this.link = new TcpProxy(server.port());
            this.second = server.connect(this.secondDb);
        }

        /** The pipeline of {@code tables} with both targets. */
        PipelineConfig config(List<String> tables) {
            return withSecondTarget(p.config(tables, EvolutionMode.LENIENT), "jdbc:postgresql://127.0.0.1:" + link.port()
                    + "/" + secondDb);
        }

        @Override
        public void close() throws Exception {
            try (p; link; second) {
                // closed in reverse order, as a try-with-resources of the three would
            }
        }
    }

    /** {@code one} with a second PostgreSQL target, and few retries, so a target away is soon detached. */
    private static PipelineConfig withSecondTarget(PipelineConfig one, String url) {
        PostgresTargetSettings second = new PostgresTargetSettings(url, "postgres", new Secret(""), "public");
        return new PipelineConfig(one.name(), one.source(), null, one.routes(), one.schemaEvolution(), one.deletes(),
                one.batch(), new ErrorsConfig(null, null, new RetryConfig(3, Duration.ofMillis(300))),
                List.of(one.target(), second));
    }

    private static void awaitBoth(PostgresPipeline p, Connection second) throws Exception {
        p.awaitSame("items");
        p.awaitSame("events");
        Await.until(Duration.ofSeconds(90), () -> {
            p.assertRunning();
            assertThat(TableRows.read(second, "items")).isEqualTo(TableRows.read(p.source(), "items"));
            assertThat(TableRows.read(second, "events")).isEqualTo(TableRows.read(p.source(), "events"));
        });
    }
}
