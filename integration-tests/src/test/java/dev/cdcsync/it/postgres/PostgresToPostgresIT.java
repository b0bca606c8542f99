package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import java.sql.ResultSet;
import java.sql.Statement;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.config.Route;
import dev.cdcsync.core.schema.EvolutionMode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** PostgreSQL -> PostgreSQL, end to end against a real server: every test compares target rows with source rows. */
class PostgresToPostgresIT {

    private PostgresPipeline p;

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        p = PostgresPipeline.create(PostgresServer.shared(), info.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void tearDown() throws Exception {
        p.close();
    }

    @Test
    void snapshotsExistingRowsThenStreamsInsertsUpdatesAndDeletes() throws Exception {
        p.sourceSql("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, qty int)",
                "INSERT INTO items SELECT g, 'item ' || g, g FROM generate_series(1, 500) g");
        p.start("public.items");
        p.awaitSame("items");
        assertThat(p.stats().snapshotRows()).isEqualTo(500);

        p.sourceSql("INSERT INTO items SELECT g, 'new ' || g, 0 FROM generate_series(501, 700) g",
                "UPDATE items SET qty = qty * 10, name = name || '!' WHERE id % 3 = 0",
                "DELETE FROM items WHERE id % 7 = 0",
                "BEGIN; UPDATE items SET qty = -1 WHERE id = 1; UPDATE items SET qty = -2 WHERE id = 1; COMMIT");
        p.awaitSame("items");
        assertThat(p.targetRows("items").size()).isEqualTo(700 - 100);
    }

    @Test
    void publicationHoldsExactlyTheConfiguredTables() throws Exception {
        p.sourceSql("CREATE TABLE wanted (id int PRIMARY KEY)", "CREATE TABLE unrelated (v int)",
                "INSERT INTO wanted VALUES (1)");
        p.start("public.wanted");
        p.awaitSame("wanted");

        try (Statement st = p.source().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT p.puballtables, array_agg(t.tablename::text) FROM pg_publication p"
                        + " LEFT JOIN pg_publication_tables t ON t.pubname = p.pubname WHERE p.pubname = '" + p.slot()
                        + "' GROUP BY p.puballtables")) {
            assertThat(rs.next()).as("publication %s exists", p.slot()).isTrue();
            assertThat(rs.getBoolean(1)).as("FOR ALL TABLES").isFalse();
            assertThat((String[]) rs.getArray(2).getArray()).containsExactly("wanted");
        }
        // A table without replica identity outside the publication still takes updates at the source.
        p.sourceSql("INSERT INTO unrelated VALUES (1)", "UPDATE unrelated SET v = 2");
    }

    @Test
    void routeSendsATableToAnotherTargetName() throws Exception {
        p.sourceSql("CREATE TABLE orders (id int PRIMARY KEY, total numeric(10,2))",
                "INSERT INTO orders VALUES (1, 9.99), (2, 19.99)");
        PipelineConfig base = p.config(List.of("public.orders"), EvolutionMode.LENIENT);
        p.start(new PipelineConfig(base.name(), base.source(), base.target(), List.of(new Route("public.orders", "orders_copy")),
                base.schemaEvolution(), base.deletes(), base.batch(), base.errors()));
        p.awaitSame(PostgresPipeline.quote("orders"), PostgresPipeline.quote("orders_copy"));

        p.sourceSql("UPDATE orders SET total = 0 WHERE id = 1", "INSERT INTO orders VALUES (3, 1)");
        p.awaitSame(PostgresPipeline.quote("orders"), PostgresPipeline.quote("orders_copy"));
    }

    @Test
    void ignoreModeLeavesANewSourceColumnOutAndKeepsSyncingRows() throws Exception {
        p.sourceSql("CREATE TABLE people (id int PRIMARY KEY, name text)", "INSERT INTO people VALUES (1, 'ann')");
        p.start(p.config(List.of("public.people"), EvolutionMode.IGNORE));
        p.awaitSame("people");

        p.sourceSql("ALTER TABLE people ADD COLUMN secret text", "INSERT INTO people VALUES (2, 'bob', 'x')",
                "UPDATE people SET name = 'ann b', secret = 'y' WHERE id = 1");
        p.awaitSame("(SELECT id, name FROM people) AS source_columns_the_target_has", "people");
        assertThat(p.targetRows("people").columns()).containsExactly("id", "name");
    }

    @Test
    void compositeKeysAreUpsertedAndDeletedByEveryKeyColumn() throws Exception {
        p.sourceSql("CREATE TABLE stock (warehouse text, sku int, qty int NOT NULL, PRIMARY KEY (warehouse, sku))",
                "INSERT INTO stock SELECT w, s, w_i * 100 + s FROM (VALUES ('north', 1), ('south', 2)) AS ws(w, w_i),"
                        + " generate_series(1, 50) s");
        p.start("public.stock");
        p.awaitSame("stock");

        p.sourceSql("UPDATE stock SET qty = 0 WHERE sku = 7",
                "DELETE FROM stock WHERE warehouse = 'north' AND sku > 40",
                "INSERT INTO stock VALUES ('north', 41, 1), ('east', 41, 2)");
        p.awaitSame("stock");
    }

    @Test
    void primaryKeyChangeMovesTheRow() throws Exception {
        p.sourceSql("CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
                "INSERT INTO accounts VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')");
        p.start("public.accounts");
        p.awaitSame("accounts");

        p.sourceSql("UPDATE accounts SET id = 100 WHERE id = 1",
                "UPDATE accounts SET id = 1, owner = 'bob again' WHERE id = 2");
        p.awaitSame("accounts");
        assertThat(p.targetRows("accounts").rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder("1", "3", "100");
    }

    @Test
    void truncateEmptiesTheTargetTableAndLaterRowsArrive() throws Exception {
        p.sourceSql("CREATE TABLE logs (id int PRIMARY KEY, line text)",
                "INSERT INTO logs SELECT g, 'line ' || g FROM generate_series(1, 100) g");
        p.start("public.logs");
        p.awaitSame("logs");

        p.sourceSql("TRUNCATE logs", "INSERT INTO logs VALUES (1, 'after truncate')");
        p.awaitSame("logs");
        assertThat(p.targetRows("logs").rows()).containsExactly(List.of("1", "after truncate"));
    }

    @Test
    void tableWithoutPrimaryKeyIsAppendedAndUpdatesMatchOneRowByOldValues() throws Exception {
        p.sourceSql("CREATE TABLE events (kind text, amount int)",
                "ALTER TABLE events REPLICA IDENTITY FULL",
                "INSERT INTO events VALUES ('a', 1), ('a', 1), ('b', NULL)");
        p.start("public.events");
        p.awaitSame("events");

        p.sourceSql("INSERT INTO events VALUES ('a', 1), ('c', 3)",
                "UPDATE events SET amount = 2 WHERE ctid = (SELECT ctid FROM events WHERE kind = 'a' LIMIT 1)",
                "DELETE FROM events WHERE kind = 'b'",
                "INSERT INTO events VALUES ('b', NULL)");
        p.awaitSame("events");
        assertThat(p.targetRows("events").size()).isEqualTo(5);
    }

    @Test
    void columnAddedAndWidenedAtTheSourceMidStreamReachesTheTarget() throws Exception {
        p.sourceSql("CREATE TABLE customers (id int PRIMARY KEY, name varchar(10))",
                "INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')");
        p.start("public.customers");
        p.awaitSame("customers");

        p.sourceSql("ALTER TABLE customers ADD COLUMN email text",
                "INSERT INTO customers VALUES (3, 'cy', 'cy@example.com')",
                "UPDATE customers SET email = 'ann@example.com' WHERE id = 1",
                "ALTER TABLE customers ALTER COLUMN name TYPE varchar(40)",
                "INSERT INTO customers VALUES (4, 'a name longer than ten', NULL)");
        p.awaitSame("customers");
        assertThat(columnType("customers", "name")).isEqualTo("character varying(40)");
    }

    @Test
    void hostileIdentifiersArriveVerbatim() throws Exception {
        String table = "Ta\"b;le ünï DROP";
        String column = "Co\"l; ümn";
        p.sourceSql("CREATE TABLE " + PostgresPipeline.quote(table) + " (\"I d\" int PRIMARY KEY, "
                        + PostgresPipeline.quote(column) + " text)",
                "INSERT INTO " + PostgresPipeline.quote(table) + " VALUES (1, 'x'), (2, 'y')");
        p.start("public." + table);
        p.awaitSame(table);

        p.sourceSql("UPDATE " + PostgresPipeline.quote(table) + " SET " + PostgresPipeline.quote(column) + " = 'z'",
                "INSERT INTO " + PostgresPipeline.quote(table) + " VALUES (3, 'w')",
                "DELETE FROM " + PostgresPipeline.quote(table) + " WHERE \"I d\" = 1");
        p.awaitSame(table);
        assertThat(p.targetRows(table).columns()).containsExactly("I d", column);
    }

    @Test
    void stopAndRestartResumesFromTheCheckpointWithNothingLostOrDoubled() throws Exception {
        p.sourceSql("CREATE TABLE orders (id int PRIMARY KEY, state text)",
                "CREATE TABLE audit (line text)",
                "INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 300) g",
                "INSERT INTO audit SELECT 'snapshot ' || g FROM generate_series(1, 50) g");
        p.start("public.orders", "public.audit");
        p.awaitSame("orders");
        p.awaitSame("audit");
        p.sourceSql("INSERT INTO audit SELECT 'first run ' || g FROM generate_series(1, 20) g");
        p.awaitSame("audit");
        p.stop();

        p.sourceSql("UPDATE orders SET state = 'paid' WHERE id <= 100",
                "DELETE FROM orders WHERE id > 290",
                "INSERT INTO orders SELECT g, 'late' FROM generate_series(1001, 1100) g",
                "INSERT INTO audit SELECT 'while stopped ' || g FROM generate_series(1, 30) g");
        p.start("public.orders", "public.audit");
        p.awaitSame("orders");
        p.awaitSame("audit");
        assertThat(p.stats().snapshotRows()).as("resumed from the checkpoint, no new snapshot").isZero();
        assertThat(p.targetRows("audit").size()).isEqualTo(100);
    }

    private String columnType(String table, String column) throws Exception {
        try (Statement st = p.target().createStatement(); ResultSet rs = st.executeQuery(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public." + table
                        + "'::regclass AND attname = '" + column + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

}
