package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.connector.source.PostgresSourceSettings;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.schema.EvolutionMode;
import dev.cdcsync.it.SourceToTargetContract;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SmallDisk;
import dev.cdcsync.it.harness.TcpProxy;
import dev.cdcsync.it.harness.SyncFixture;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL -> PostgreSQL: the shared contract, plus what only a PostgreSQL source has. */
class PostgresToPostgresIT extends SourceToTargetContract {

    @Override
    protected SyncFixture fixture(String label) throws Exception {
        return PostgresPipeline.create(PostgresServer.shared(), label);
    }

    @Test
    void aKeyChangeOfARowWhoseLargeColumnWasNotUpdatedKeepsThatColumn() throws Exception {
        // EXTERNAL storage: bodies over ~2 kB live out of line (TOAST) uncompressed, so an UPDATE that leaves them alone
        // sends them to logical decoding as "unchanged", not as values.
        p.sourceSql("CREATE TABLE docs (id int PRIMARY KEY, title text, body text)",
                "ALTER TABLE docs ALTER COLUMN body SET STORAGE EXTERNAL",
                "INSERT INTO docs SELECT g, 'doc ' || g, repeat(md5(g::text), 200) FROM generate_series(1, 3) g");
        p.start("docs");
        p.awaitSame("docs");

        p.sourceSql("UPDATE docs SET id = 100 WHERE id = 1", "UPDATE docs SET id = 200, title = 'moved' WHERE id = 2");
        p.source().setAutoCommit(false); // inserted and moved in one transaction: the old row never reaches the target
        p.sourceSql("INSERT INTO docs VALUES (4, 'new', repeat(md5('4'), 200))", "UPDATE docs SET id = 400 WHERE id = 4");
        p.source().commit();
        p.source().setAutoCommit(true);
        p.awaitSame("docs");
        assertThat(p.targetRows("docs").rows()).extracting(r -> r.get(2)).as("every body arrived whole")
                .allSatisfy(body -> assertThat(body).hasSize(6400));
    }

    @Test
    void softDeletesKeepDeletedRowsMarkedAndAReinsertRevivesThem() throws Exception {
        p.sourceSql("CREATE TABLE members (id int PRIMARY KEY, name text)",
                "INSERT INTO members VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
        var c = p.config(List.of("members"), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), "soft", c.batch(),
                c.errors()));
        p.sourceSql("DELETE FROM members WHERE id IN (2, 3)", "INSERT INTO members VALUES (3, 'cy again')");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(dev.cdcsync.it.harness.TableRows.read(p.target(),
                "(SELECT id, name, __deleted FROM members) m").rows()).containsExactly(
                List.of("1", "ann", "f"), List.of("2", "bob", "t"), List.of("3", "cy again", "f")));
        try (Statement st = p.target().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM members WHERE __deleted = (__deleted_at IS NOT NULL)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("__deleted_at set exactly on the deleted row").isEqualTo(3);
        }
    }

    @Test
    void changesKeptForTheEnginesNextBatchAreWrittenWhenTheSourceGoesQuietRightAfterAFullOne() throws Exception {
        p.sourceSql("CREATE TABLE quiet (id int PRIMARY KEY, v text)");
        ((PostgresPipeline) p).debezium(Map.of("heartbeat.interval.ms", "0")); // no heartbeat after the batch either
        var c = p.config(List.of("quiet"), EvolutionMode.LENIENT);
        // Engine batches of 4 records: BEGIN, two rows, END fill one, and nothing follows it.
        p.start(new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(),
                new dev.cdcsync.core.config.BatchConfig(4, null, null), c.errors()));
        p.source().setAutoCommit(false);
        p.sourceSql("INSERT INTO quiet VALUES (1, 'a')", "INSERT INTO quiet VALUES (2, 'b')");
        p.source().commit();
        p.source().setAutoCommit(true);
        p.awaitSame("quiet");
        assertThat(p.targetRows("quiet").rows()).containsExactly(List.of("1", "a"), List.of("2", "b"));
    }

    @Test
    void aRowTheTargetRefusesGoesToTheDeadLetterTableWithItsKeyAndEveryOtherRowArrives() throws Exception {
        try (Statement st = p.target().createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, price int CHECK (price >= 0), note text)");
        }
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, price int, note text)",
                "INSERT INTO items SELECT g, CASE WHEN g = 3 THEN -7 ELSE g END, 'n' || g FROM generate_series(1, 5) g");
        p.start(deadLettering(p.config(List.of("items"), EvolutionMode.LENIENT), null));
        p.sourceSql("INSERT INTO items VALUES (10, 10, 'ok'), (11, -1, 'refused'), (12, 12, 'ok')",
                "UPDATE items SET note = 'updated' WHERE id = 1",
                // Large enough to go through a staging table, which the refused attempt's rollback takes away.
                "INSERT INTO items SELECT g, CASE WHEN g = 150 THEN -5 ELSE g END, 'bulk' FROM generate_series(100, 299) g",
                "UPDATE items SET note = 'bulk again' WHERE id >= 100 AND price >= 0");
        p.awaitSame("(SELECT * FROM items WHERE price >= 0) i", "items");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.stats().deadLetters()).isEqualTo(3));
        assertThat(dev.cdcsync.it.harness.TableRows.read(p.target(), "(SELECT table_name, row_key, row_data->>'price',"
                + " row_data->>'note', error LIKE '%check constraint%', source_position <> '' FROM cdc_sync_dead_letters"
                + " ORDER BY row_key) d").rows()).containsExactly(List.of("items", "[11]", "-1", "refused", "t", "t"),
                List.of("items", "[150]", "-5", "bulk", "t", "t"), List.of("items", "[3]", "-7", "n3", "t", "t"));
        p.sourceSql("UPDATE items SET note = 'refused again' WHERE id = 150"); // a second letter for one key
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.stats().deadLetters()).isEqualTo(4));

        // The README's replay, once the cause is fixed: the newest letter of each row becomes the row again, and the
        // letters leave the table.
        try (Statement st = p.target().createStatement()) {
            st.execute("ALTER TABLE items DROP CONSTRAINT items_price_check");
            st.execute("WITH replayed AS (DELETE FROM cdc_sync_dead_letters WHERE pipeline = '" + p.name()
                    + "' AND table_name = 'items' RETURNING row_key, row_data, created_at),"
                    + " newest AS (SELECT DISTINCT ON (row_key) row_data FROM replayed ORDER BY row_key, created_at DESC)"
                    + " INSERT INTO items SELECT r.* FROM newest, jsonb_populate_record(NULL::items, newest.row_data) r"
                    + " ON CONFLICT (id) DO NOTHING");
        }
        assertThat(dev.cdcsync.it.harness.TableRows.read(p.target(), "cdc_sync_dead_letters").rows()).isEmpty();
        p.assertSame(p.quoteSource("items"), "items");
    }

    @Test
    void withADeadLetterFileARefusedRowIsAppendedThereAsOneJsonLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (Statement st = p.target().createStatement()) {
            st.execute("CREATE TABLE items (id int PRIMARY KEY, price int CHECK (price >= 0))");
        }
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, price int)", "INSERT INTO items VALUES (1, 1), (2, -2), (3, 3)");
        java.nio.file.Path file = dir.resolve("letters/items.jsonl");
        p.start(deadLettering(p.config(List.of("items"), EvolutionMode.LENIENT), file.toString()));
        p.awaitSame("(SELECT * FROM items WHERE price >= 0) i", "items");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(java.nio.file.Files.exists(file)).isTrue());
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        var letter = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        assertThat(letter.path("pipeline").asText()).isEqualTo(p.name());
        assertThat(letter.path("table").asText()).isEqualTo("items");
        assertThat(letter.path("key").asText()).isEqualTo("[2]");
        assertThat(letter.path("row").path("price").asInt()).isEqualTo(-2);
        assertThat(letter.path("error").asText()).contains("check constraint");
    }

    /** The initial load's rows go the same way: one it cannot read is set aside, naming it, and the others arrive. */
    @Test
    void aSnapshotRowWithAValueNoTargetCanHoldIsSetAsideAndEveryOtherRowArrives(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        p.sourceSql("CREATE TABLE grids (id int PRIMARY KEY, cells int[])",
                "INSERT INTO grids VALUES (1, '{1}'), (2, '[0:1]={1,2}'), (3, '{3}')");
        java.nio.file.Path file = dir.resolve("letters.jsonl");
        p.start(deadLettering(p.config(List.of("grids"), EvolutionMode.LENIENT), file.toString()));
        p.awaitSame("(SELECT * FROM grids WHERE id <> 2) g", "grids");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.stats().deadLetters()).isEqualTo(1));
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        var letter = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
        assertThat(letter.path("error").asText()).contains("lower bound").contains("column cells");
        assertThat(letter.toString()).as("where the row is").contains("public.grids, key id=2, snapshot lsn=");
    }

    private static PipelineConfig deadLettering(PipelineConfig c, String file) {
        return new PipelineConfig(c.name(), c.source(), c.target(), c.routes(), c.schemaEvolution(), c.deletes(), c.batch(),
                new dev.cdcsync.core.config.ErrorsConfig("dead-letter", file, null));
    }

    @Test
    void publicationHoldsExactlyTheConfiguredTables() throws Exception {
        p.sourceSql("CREATE TABLE wanted (id int PRIMARY KEY)", "CREATE TABLE unrelated (v int)",
                "INSERT INTO wanted VALUES (1)");
        p.start("wanted");
        p.awaitSame("wanted");

        String slot = ((PostgresPipeline) p).slot();
        try (Statement st = p.source().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT p.puballtables, array_agg(t.tablename::text) FROM pg_publication p"
                        + " LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname WHERE p.pubname = '" + slot
                        + "' GROUP BY p.puballtables")) {
            assertThat(rs.next()).as("publication %s exists", slot).isTrue();
            assertThat(rs.getBoolean(1)).as("FOR ALL TABLES").isFalse();
            assertThat((String[]) rs.getArray(2).getArray()).containsExactlyInAnyOrder("wanted", "cdc_sync_heartbeat");
        }
        // A table without replica identity outside the publication still takes updates at the source.
        p.sourceSql("INSERT INTO unrelated VALUES (1)", "UPDATE unrelated SET v = 2");
    }

    @Test
    void aTargetThatRefusesTheLoginStopsAtOnceNamingTheServerAndUserInsteadOfRetrying() throws Exception {
        String user = "nologin_" + p.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Statement st = p.target().createStatement()) {
            st.execute("CREATE ROLE " + user + " NOLOGIN");
        }
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY)");
        long start = System.nanoTime();
        // Retried as transient, as before, this would take the ten attempts of errors.retry (over a minute).
        assertThatThrownBy(() -> p.start(p.config(List.of("items"), EvolutionMode.LENIENT, user)))
                .hasMessageContaining("refused the login of user " + user)
                .hasMessageContaining("PostgreSQL jdbc:postgresql://")
                .hasMessageContaining("check target.user and target.password");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("no retries").isLessThan(java.time.Duration.ofSeconds(20));
    }

    @Test
    void aSourceThatRefusesTheLoginStopsAtOnceNamingTheServerInsteadOfRetrying() throws Exception {
        String user = "nologin_src_" + p.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        p.sourceSql("CREATE ROLE " + user + " NOLOGIN", "CREATE TABLE items (id int PRIMARY KEY)");
        PipelineConfig c = p.config(List.of("items"), EvolutionMode.LENIENT);
        PostgresSourceSettings s = (PostgresSourceSettings) c.source();
        PostgresSourceSettings refused = new PostgresSourceSettings(s.host(), s.port(), s.database(), user, s.password(),
                s.tables(), s.snapshot(), s.slot(), s.publication(), s.heartbeatTable(), s.debezium());
        long start = System.nanoTime();
        assertThatThrownBy(() -> p.start(new PipelineConfig(c.name(), refused, c.target(), c.routes(), c.schemaEvolution(),
                c.deletes(), c.batch(), c.errors()))).hasMessageContaining("source localhost:" + s.port()
                + " refused the login").hasMessageContaining(user).hasMessageContaining("check source.user and source.password");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("no retries").isLessThan(java.time.Duration.ofSeconds(20));
    }

    @Test
    void validateNamesATableTheSourceUserMayNotRead() throws Exception {
        String user = "noselect_" + p.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        p.sourceSql("CREATE ROLE " + user + " LOGIN REPLICATION", "CREATE TABLE items (id int PRIMARY KEY)",
                "CREATE TABLE open_items (id int PRIMARY KEY)", "GRANT SELECT ON open_items TO " + user);
        PostgresSourceSettings s = (PostgresSourceSettings) p.config(List.of("items", "open_items"), EvolutionMode.LENIENT).source();
        PostgresSourceSettings limited = new PostgresSourceSettings(s.host(), s.port(), s.database(), user, s.password(),
                s.tables(), s.snapshot(), s.slot(), s.publication(), s.heartbeatTable(), s.debezium());
        assertThat(dev.cdcsync.connector.source.Sources.preflight(limited).problems(p.name())).contains("user " + user
                + " may not read table public.items at the source: GRANT SELECT ON \"public\".\"items\" TO \"" + user + "\"")
                .noneMatch(problem -> problem.contains("public.open_items at the source"));
    }

    @Test
    void aLostTargetPrivilegeStopsThePipelineWithTheFixAndItResumesOnceGranted() throws Exception {
        String user = "limited_" + p.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Statement st = p.target().createStatement()) {
            st.execute("CREATE ROLE " + user + " LOGIN");
            st.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + user);
            st.execute("CREATE TABLE items (id int PRIMARY KEY, v int)");
            st.execute("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON items TO " + user);
        }
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, v int)", "INSERT INTO items VALUES (1, 1)");
        p.start(p.config(List.of("items"), EvolutionMode.LENIENT, user));
        p.awaitSame("items");

        try (Statement st = p.target().createStatement()) {
            st.execute("REVOKE INSERT, UPDATE ON items FROM " + user);
        }
        p.sourceSql("INSERT INTO items VALUES (2, 2)");
        assertThatThrownBy(() -> p.awaitSame("items")).hasMessageContaining("lacks a privilege at the target")
                .hasMessageContaining("resumes from its checkpoint");
        p.stop();

        try (Statement st = p.target().createStatement()) {
            st.execute("GRANT INSERT, UPDATE ON items TO " + user);
        }
        p.start(p.config(List.of("items"), EvolutionMode.LENIENT, user));
        p.awaitSame("items");
    }

    @Test
    void aBatchWhoseCommitAnswerIsLostIsNotWrittenAgain() throws Exception {
        p.sourceSql("CREATE TABLE notes (line text)", "ALTER TABLE notes REPLICA IDENTITY FULL",
                "INSERT INTO notes VALUES ('snapshot')");
        try (TcpProxy link = new TcpProxy(PostgresServer.shared().port())) {
            p.start(p.configThrough(link.port(), List.of("notes")));
            p.awaitSame("notes");

            // The target commits the batch, but the connection breaks before the writer hears so.
            // "COMMIT" ending in NUL is the statement itself, not the checkpoint's "messageType":"COMMIT".
            link.loseAnswerTo("streamed once", "COMMIT\u0000");
            p.sourceSql("INSERT INTO notes VALUES ('streamed once'), ('and only once')");
            p.awaitSame("notes");
            assertThat(link.answersLost()).as("the COMMIT's answer was lost").isEqualTo(1);
            p.sourceSql("INSERT INTO notes VALUES ('after')");
            p.awaitSame("notes");
        }
    }

    @Test
    void aFullTargetDiskStopsThePipelineWithTheFixAndItResumesOnceThereIsRoom() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(3); Statement st = p.target().createStatement()) {
            String space = "small_" + p.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
            st.execute("CREATE TABLESPACE " + space + " LOCATION '" + disk.path() + "'");
            try {
                st.execute("ALTER DATABASE " + currentDatabase(st) + " SET default_tablespace = " + space);
                p.sourceSql("CREATE TABLE blobs (id int PRIMARY KEY, v text)",
                        "INSERT INTO blobs SELECT g, repeat(md5(g::text), 30) FROM generate_series(1, 100) g");
                p.start("blobs");
                p.awaitSame("blobs");

                // About 5 MB of rows for a 3 MB disk.
                p.sourceSql("INSERT INTO blobs SELECT g, repeat(md5(g::text), 30) FROM generate_series(101, 5000) g");
                assertThatThrownBy(() -> p.awaitSame("blobs")).hasMessageContaining("out of resources")
                        .hasMessageContaining("free disk space").hasMessageContaining("resumes from its checkpoint");
                p.stop();
                assertThat(p.targetRows("blobs").size()).as("the batch that did not fit left nothing behind").isEqualTo(100);

                disk.grow(64);
                p.start("blobs");
                p.awaitSame("blobs");
            } finally {
                p.stop();
                st.execute("DROP TABLE IF EXISTS blobs, cdc_sync_offsets, cdc_sync_deferred_keys");
                st.execute("ALTER DATABASE " + currentDatabase(st) + " RESET default_tablespace");
                st.execute("DROP TABLESPACE " + space);
            }
        }
    }

    private static String currentDatabase(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT quote_ident(current_database())")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void heartbeatsAdvanceTheSlotWhileTheCapturedTablesAreIdle() throws Exception {
        p.sourceSql("CREATE TABLE captured (id int PRIMARY KEY)", "CREATE TABLE busy (v int)", "INSERT INTO captured VALUES (1)");
        PipelineConfig base = p.config(List.of("captured"), EvolutionMode.LENIENT);
        PostgresSourceSettings s = (PostgresSourceSettings) base.source();
        p.start(new PipelineConfig(base.name(), new PostgresSourceSettings(s.host(), s.port(), s.database(), s.user(), s.password(),
                s.tables(), s.snapshot(), s.slot(), s.publication(), s.heartbeatTable(), Map.of("heartbeat.interval.ms", "300")),
                base.target(), base.routes(), base.schemaEvolution(), base.deletes(), base.batch(), base.errors()));
        p.awaitSame("captured");
        long idleFrom = walLsn();
        for (int i = 0; i < 20; i++) {
            p.sourceSql("INSERT INTO busy SELECT g FROM generate_series(1, 100) g"); // WAL the slot does not capture
        }
        Await.until(Duration.ofSeconds(30), () -> assertThat(PostgresServer.shared().confirmedFlushLsn(((PostgresPipeline) p).slot())).as("slot confirmed_flush_lsn").isGreaterThan(idleFrom));
        try (Statement st = p.target().createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('public.cdc_sync_heartbeat') IS NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("heartbeat rows stay out of the target").isTrue();
        }
    }

    private long walLsn() throws Exception {
        try (Statement st = p.source().createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void routeSendsATableToAnotherTargetName() throws Exception {
        p.sourceSql("CREATE TABLE orders (id int PRIMARY KEY, total numeric(10,2))",
                "INSERT INTO orders VALUES (1, 9.99), (2, 19.99)");
        PipelineConfig base = p.config(List.of("orders"), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(base.name(), base.source(), base.target(), List.of(new Route("public.orders", "orders_copy")),
                base.schemaEvolution(), base.deletes(), base.batch(), base.errors()));
        p.awaitSame("orders", "orders_copy");

        p.sourceSql("UPDATE orders SET total = 0 WHERE id = 1", "INSERT INTO orders VALUES (3, 1)");
        p.awaitSame("orders", "orders_copy");
    }

    @Test
    void ignoreModeLeavesANewSourceColumnOutAndKeepsSyncingRows() throws Exception {
        p.sourceSql("CREATE TABLE people (id int PRIMARY KEY, name text)", "INSERT INTO people VALUES (1, 'ann')");
        p.start(p.config(List.of("people"), EvolutionMode.IGNORE));
        p.awaitSame("people");

        p.sourceSql("ALTER TABLE people ADD COLUMN secret text", "INSERT INTO people VALUES (2, 'bob', 'x')",
                "UPDATE people SET name = 'ann b', secret = 'y' WHERE id = 1");
        p.awaitSame("(SELECT id, name FROM people) AS source_columns_the_target_has", "people");
        assertThat(p.targetRows("people").columns()).containsExactly("id", "name");
    }
}
