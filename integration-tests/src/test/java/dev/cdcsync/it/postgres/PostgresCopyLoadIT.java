package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.CdcSyncProcess;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.TableRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot-method: copy} as an operator runs it, through the daemon process: the initial load under the slot's
 * exported snapshot while writers change every table, then streaming, ends with every target table equal to its
 * source, row by row; and so does a load killed (SIGKILL) part-way and started again, which resumes at the first
 * unfinished chunk rather than from nothing. The loads read on several connections ({@code load-parallelism}) under the
 * one snapshot, except the key-less table's, which reads on one.
 */
class PostgresCopyLoadIT {

    /** Rows of the big table: four of the load's chunks (of about 100,000 rows). */
    private static final int BIG = 400_000;
    private static final List<String> TABLES = List.of("big", "small", "notes", "empty_at_start");

    @TempDir
    Path dir;

    @Test
    void loadsUnderTheExportedSnapshotWhileWritersChangeEveryTableAndEndsEqualToTheSource() throws Exception {
        try (Load load = new Load("load", "copy_load"); Connection source = load.connect(load.sourceDb);
             Connection target = load.connect(load.targetDb); Connection open = load.connect(load.sourceDb)) {
            createTables(source);
            // A transaction open as the slot is made: the slot waits for it, and its rows belong to the snapshot.
            open.setAutoCommit(false);
            exec(open, "INSERT INTO small VALUES (-1, 'open across the slot creation')");
            Process daemon = CdcSyncProcess.start(dir.resolve("daemon.log"), Map.of(), "run", "--config",
                    config(load, TABLES, 3).toString());
            Writers writers = new Writers(load.server, load.sourceDb);
            try {
                Thread.sleep(1500);
                open.commit();
                writers.start();
                Await.until(Duration.ofSeconds(120), () -> assertThat(count(target, "big")).isPositive());
                Thread.sleep(3000);
                writers.stopAndCheck();
                awaitSame(source, target, daemon, TABLES);
            } finally {
                writers.stop();
                daemon.destroy();
                daemon.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(Files.readString(dir.resolve("daemon.log"))).contains("initial load with COPY under the snapshot")
                    .containsPattern("loading 4 tables in \\d+ chunks on 3 connections");
        }
    }

    @Test
    void aLoadKilledPartWayResumesAtItsFirstUnfinishedChunkAndEndsEqualToTheSource() throws Exception {
        try (Load load = new Load("load_kill", "copy_load_kill"); Connection source = load.connect(load.sourceDb);
             Connection target = load.connect(load.targetDb)) {
            createTables(source);
            // Keyed tables only: an unfinished table without a key makes the load start over instead (see below).
            List<String> keyed = List.of("big", "small", "empty_at_start");
            Path config = config(load, keyed, 2);
            Writers writers = new Writers(load.server, load.sourceDb);
            writers.start();
            // Killed once the checkpoint has passed a chunk of big: two connections read two chunks at once.
            Process second = killPartWayAndRestart(config, target, "big", () -> loadedUpTo(target, "public.big") > 0);
            try {
                Thread.sleep(2000);
                writers.stopAndCheck();
                awaitSame(source, target, second, keyed);
            } finally {
                writers.stop();
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(log).contains("initial load resumes at each table's first unfinished chunk");
            assertThat(Long.parseLong(log.replaceAll("(?s).*loaded (\\d+) rows of public\\.big.*", "$1")))
                    .as("rows of big the second run read: not all of them again").isLessThan(BIG);
        }
    }

    /** Replayed inserts would double rows of a table without a key read under a newer snapshot: it starts over. */
    @Test
    void aLoadKilledWithAnUnfinishedTableWithoutKeyStartsOverAndEndsEqualToTheSource() throws Exception {
        try (Load load = new Load("load_keyless", "copy_load_keyless"); Connection source = load.connect(load.sourceDb);
             Connection target = load.connect(load.targetDb)) {
            createTables(source);
            exec(source, "CREATE TABLE big_keyless AS SELECT * FROM big", "ALTER TABLE big_keyless REPLICA IDENTITY FULL",
                    "ANALYZE big_keyless");
            Path config = config(load, List.of("big_keyless"), 1);
            Process second = killPartWayAndRestart(config, target, "big_keyless", () -> count(target, "big_keyless") > 0);
            exec(source, "INSERT INTO big_keyless VALUES (-1, 0, 'after the kill', now(), 0)");
            try {
                awaitSame(source, target, second, List.of("big_keyless"));
            } finally {
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            assertThat(Files.readString(dir.resolve("second.log"))).contains("without a primary key cannot take changes")
                    .contains("the load starts over with a new slot");
        }
    }

    /**
     * A fan-out's targets may hold different chunks of a load cut short: it resumes where the target furthest behind
     * left each table, and both end equal.
     */
    @Test
    void aFanOutLoadKilledPartWayResumesWhereTheTargetFurthestBehindLeftItAndBothTargetsEndEqualToTheSource()
            throws Exception {
        try (Load load = new Load("load_fan", "copy_load_fan"); Connection source = load.connect(load.sourceDb);
             Connection target = load.connect(load.targetDb)) {
            String otherDb = load.server.createDatabase("load_fan_other");
            createTables(source);
            List<String> keyed = List.of("big", "small", "empty_at_start"); // a key-less table would start it over
            Path config = config(load, keyed, 1, otherDb);
            Writers writers = new Writers(load.server, load.sourceDb);
            writers.start();
            Connection other = load.connect(otherDb);
            // Killed once both targets' checkpoints have passed a chunk of big (they need not have passed the same).
            Process second = killPartWayAndRestart(config, target, "big",
                    () -> loadedUpTo(target, "public.big") > 0 && loadedUpTo(other, "public.big") > 0);
            try (other) {
                Thread.sleep(2000);
                writers.stopAndCheck();
                awaitSame(source, target, second, keyed);
                awaitSame(source, other, second, keyed);
            } finally {
                writers.stop();
                second.destroy();
                second.waitFor(60, TimeUnit.SECONDS);
            }
            String log = Files.readString(dir.resolve("second.log"));
            assertThat(log).contains("it resumes where the target furthest behind left each table")
                    .contains("initial load resumes at each table's first unfinished chunk");
            assertThat(Long.parseLong(log.replaceAll("(?s).*loaded (\\d+) rows of public\\.big.*", "$1")))
                    .as("rows of big the second run read: not all of them again").isLessThan(BIG);
        }
    }

    /** Starts the daemon, SIGKILLs it once {@code ready} (while {@code table} lacks some of its rows), starts it again. */
    private Process killPartWayAndRestart(Path config, Connection target, String table, Supplier<Boolean> ready)
            throws Exception {
        Process first = CdcSyncProcess.start(dir.resolve("first.log"), Map.of(), "run", "--config", config.toString());
        try {
            assertThat(Await.condition(Duration.ofSeconds(120), ready)).isTrue();
        } finally {
            first.destroyForcibly(); // SIGKILL, mid-load
            first.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(count(target, table)).as("killed part-way through the load").isLessThan(BIG);
        return CdcSyncProcess.start(dir.resolve("second.log"), Map.of(), "run", "--config", config.toString());
    }

    /** The first block of {@code table} the target's checkpoint says is not loaded yet (0: none; -1: all). */
    private static long loadedUpTo(Connection target, String table) {
        return PostgresServer.loadCheckpoint(target, "next_block," + table);
    }

    /** A test's source and target databases on the shared server, and its pipeline's slot, dropped before and after. */
    private static final class Load implements AutoCloseable {
        final PostgresServer server = PostgresServer.shared();
        final String sourceDb;
        final String targetDb;
        final String pipeline;

        Load(String label, String pipeline) throws SQLException {
            this.sourceDb = server.createDatabase(label + "_src");
            this.targetDb = server.createDatabase(label + "_dst");
            this.pipeline = pipeline;
            server.dropSlot("cdc_sync_" + pipeline);
        }

        Connection connect(String database) throws SQLException {
            return server.connect(database);
        }

        @Override
        public void close() throws SQLException {
            server.dropSlot("cdc_sync_" + pipeline);
        }
    }

    private static void createTables(Connection source) throws SQLException {
        exec(source, "CREATE TABLE big (id int PRIMARY KEY, n int, s text, ts timestamptz, d numeric(12,3))",
                "INSERT INTO big SELECT g, g % 1000, 'row ' || g, timestamptz '2026-01-01' + g * interval '1 second',"
                        + " g / 7.0 FROM generate_series(1, " + BIG + ") g",
                "CREATE TABLE small (id int PRIMARY KEY, v text)",
                "INSERT INTO small SELECT g, 'tab\there, newline\nhere, backslash \\ here ' || g FROM generate_series(1, 500) g",
                "CREATE TABLE notes (note text, n int)", "ALTER TABLE notes REPLICA IDENTITY FULL",
                "INSERT INTO notes SELECT 'note ' || (g % 50), g FROM generate_series(1, 2000) g",
                "CREATE TABLE empty_at_start (id int PRIMARY KEY, v text)", "ANALYZE");
    }

    /** The pipeline's file; {@code readers}: its {@code load-parallelism}; more target databases make it a fan-out. */
    private Path config(Load load, List<String> tables, int readers, String... moreTargets) throws Exception {
        String first = "{type: postgres, url: \"jdbc:postgresql://localhost:%d/%s\", user: postgres}";
        String targets = moreTargets.length == 0 ? "target: " + first.formatted(load.server.port(), load.targetDb)
                : "targets:\n" + java.util.stream.Stream.concat(java.util.stream.Stream.of(load.targetDb),
                        java.util.Arrays.stream(moreTargets)).map(db -> "      - " + first.formatted(load.server.port(), db))
                        .collect(java.util.stream.Collectors.joining("\n"));
        return Files.writeString(dir.resolve(load.pipeline + ".yaml"), """
                http: {listen: "off"}
                pipelines:
                  - name: %s
                    source: {type: postgres, host: localhost, port: %d, database: %s, user: postgres,
                             snapshot-method: copy, load-parallelism: %d, tables: [%s]}
                    %s
                """.formatted(load.pipeline, load.server.port(), load.sourceDb, readers,
                String.join(", ", tables.stream().map(t -> "public." + t).toList()), targets));
    }

    private static void awaitSame(Connection source, Connection target, Process daemon, List<String> tables)
            throws Exception {
        for (String table : tables) {
            Await.until(Duration.ofSeconds(120), () -> {
                assertThat(daemon.isAlive()).as("daemon running").isTrue();
                TableRows expected = TableRows.read(source, "public." + table);
                TableRows actual = TableRows.read(target, "public." + table);
                assertThat(actual.equals(expected)).as("%s: %s", table, actual.differenceFrom(expected)).isTrue();
                // the load sets a table's key aside while it fills it: it must be back, as the source has it
                assertThat(PostgresServer.primaryKey(target, "public." + table)).as("%s's primary key in the target", table)
                        .isEqualTo(PostgresServer.primaryKey(source, "public." + table));
            });
        }
    }

    /** Inserts, updates and deletes on every table, in small transactions, until stopped. */
    private static final class Writers {
        private final PostgresServer server;
        private final String db;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private Thread thread;

        Writers(PostgresServer server, String db) {
            this.server = server;
            this.db = db;
        }

        void start() {
            thread = new Thread(this::write, "writers");
            thread.setDaemon(true);
            thread.start();
        }

        private void write() {
            Random random = new Random(42);
            try (Connection c = server.connect(db); Statement st = c.createStatement()) {
                for (int i = 0; !stop.get(); i++) {
                    int id = 1 + random.nextInt(BIG);
                    st.execute("BEGIN");
                    st.execute("UPDATE big SET n = n + 1, s = 'changed " + i + "' WHERE id = " + id);
                    st.execute("DELETE FROM big WHERE id = " + (1 + random.nextInt(BIG)));
                    st.execute("INSERT INTO big VALUES (" + (BIG + 1 + i) + ", " + i + ", 'new', now(), 1.5)");
                    st.execute("INSERT INTO empty_at_start VALUES (" + i + ", 'v" + i + "')");
                    st.execute("UPDATE small SET v = 'changed " + i + "' WHERE id = " + (1 + random.nextInt(500)));
                    st.execute("INSERT INTO notes VALUES ('written " + i + "', " + i + ")");
                    st.execute("UPDATE notes SET n = n + 1 WHERE ctid = (SELECT ctid FROM notes WHERE note = 'note "
                            + random.nextInt(50) + "' LIMIT 1)");
                    st.execute("COMMIT");
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }

        void stopAndCheck() throws InterruptedException {
            stop();
            assertThat(failure.get()).as("writers").isNull();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join();
            }
        }
    }

    private static long count(Connection c, String table) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
