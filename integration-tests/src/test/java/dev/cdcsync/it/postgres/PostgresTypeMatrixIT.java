package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.SyncFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every built-in PostgreSQL type and special value in {@link PgTypeMatrix} arrives with the source's
 * own type and prints the same text in the target, through the snapshot and through streaming;
 * arrays of every element type with any number of dimensions, NULL, empty and quoted elements.
 */
class PostgresTypeMatrixIT {

    protected PostgresPipeline p;

    /** How the snapshot reads the source (the COPY load's subclass says copy). */
    protected String snapshotMethod() {
        return "debezium";
    }

    @BeforeEach
    void setUp() throws Exception {
        p = PostgresPipeline.create(PostgresServer.shared(), "matrix");
        p.snapshotMethod(snapshotMethod());
        p.sourceSql(PgTypeMatrix.SETUP.toArray(String[]::new));
        try (Statement st = p.target().createStatement()) {
            for (String sql : PgTypeMatrix.TARGET_SETUP) {
                st.execute(sql);
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        p.close();
    }

    @Test
    void everyScalarTypeAndSpecialValueArrivesExactlyInSnapshotAndStream() throws Exception {
        roundTrip("scalars", PgTypeMatrix.SCALARS);
    }

    @Test
    void arraysOfEveryElementTypeAndDimensionArriveExactlyInSnapshotAndStream() throws Exception {
        roundTrip("arrays", PgTypeMatrix.ARRAYS);
    }

    /**
     * Without cdc-sync's converter (a user turned it off), Debezium turns a two-dimensional array into NULL with only
     * a warning; cdc-sync notices the warning and stops before anything of that batch is written.
     */
    @Test
    void aValueDebeziumDropsStopsThePipelineEvenWithoutCdcSyncsConverter() throws Exception {
        p.sourceSql("CREATE TABLE grid (id int PRIMARY KEY, cells int[])", "INSERT INTO grid VALUES (1, '{{1,2},{3,4}}')");
        p.debezium(Map.of("cdcsync.type", dev.cdcsync.it.harness.NoConverter.class.getName()));
        p.snapshotMethod("debezium"); // Debezium's own conversion is what this is about
        p.start("grid");
        Await.until(SyncFixture.TIMEOUT, () -> assertThatThrownBy(p::assertRunning)
                .hasMessageContaining("Debezium lost a value").hasMessageContaining("Unexpected value for JDBC type"));
        try (Statement st = p.target().createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass('public.grid') IS NOT NULL")) {
            rs.next();
            if (rs.getBoolean(1)) {
                assertThat(rowsById(p.target(), "grid", List.of())).as("no row written").isEmpty();
            }
        }
    }

    /**
     * The old row of a DELETE under the default replica identity holds only the key; the other columns of a NOT NULL
     * type that cdc-sync carries as text are absent from it, which must not fail the record.
     */
    @Test
    void aDeleteCarryingOnlyTheKeyOfRowsWithNotNullColumnsIsApplied() throws Exception {
        p.sourceSql("CREATE TABLE orders (id int PRIMARY KEY, placed timestamp NOT NULL, took interval NOT NULL,"
                + " tags int[] NOT NULL, span int4range NOT NULL)",
                "INSERT INTO orders VALUES (1, now(), '1 day', '{1}', '[1,2)'), (2, 'infinity', '2 mons', '{}', 'empty')");
        p.start("orders");
        p.awaitSame("orders");
        p.sourceSql("DELETE FROM orders WHERE id = 1", "UPDATE orders SET took = '3 days' WHERE id = 2");
        p.awaitSame("orders");
    }

    /** An array whose lower bound is not 1 has no list form: the pipeline stops naming table, column and position. */
    @Test
    void anArrayWithOtherBoundsThanOneStopsThePipelineNamingIt() throws Exception {
        p.sourceSql("CREATE TABLE bounds (id int PRIMARY KEY, a int[])", "INSERT INTO bounds VALUES (1, '[0:1]={1,2}')");
        p.start("bounds");
        Await.until(SyncFixture.TIMEOUT, () -> assertThatThrownBy(p::assertRunning).hasMessageContaining("lower bound")
                .hasMessageContaining("public.bounds").hasMessageContaining("column a").hasMessageContaining("lsn=")
                .hasMessageContaining("id=1"));
    }

    /**
     * A table without a key finds the row to change by its old values, compared as text: json, point, box and xml
     * have no equality (or, for box, one that compares areas), and 1.5 = 1.50 would pick the wrong row.
     */
    @Test
    void keyLessRowsOfTypesWithoutEqualityAreUpdatedAndDeletedOneByOne() throws Exception {
        p.sourceSql("CREATE TABLE loose (j json, pt point, b box, x xml, n numeric, f float8, r int4range, a int[])",
                "ALTER TABLE loose REPLICA IDENTITY FULL",
                "INSERT INTO loose VALUES ('{\"a\": 1}', '(1,2)', '(1,1),(0,0)', '<a/>', 1.5, '-0', '[1,2)', '{{1,2},{3,4}}'),"
                        + " ('{\"a\": 1}', '(1,2)', '(2,2),(0,0)', '<a/>', 1.50, '0', '[1,2)', '{{1,2},{3,4}}'),"
                        + " ('{\"a\":1}', '(1,2)', '(1,1),(0,0)', '<a/>', 1.5, '-0', '[1,2)', '{{1,2},{3,4}}')");
        p.start("loose");
        p.awaitSame("loose");
        p.sourceSql("UPDATE loose SET x = '<b/>' WHERE n::text = '1.50'",
                "DELETE FROM loose WHERE j::text = '{\"a\":1}'",
                "UPDATE loose SET a = '{}' WHERE b ~= '(1,1),(0,0)'");
        p.awaitSame("loose");
        assertThat(p.targetRows("loose").size()).isEqualTo(2);
    }

    /** Large batches take the writer's COPY path, whose text format escapes values its own way. */
    @Test
    void everyTypeArrivesExactlyThroughTheBulkCopyPath() throws Exception {
        List<PgTypeMatrix> all = new java.util.ArrayList<>(PgTypeMatrix.SCALARS);
        all.addAll(PgTypeMatrix.ARRAYS);
        roundTrip("bulk", all, 20);
    }

    /**
     * A table of the common types alone takes the writer's binary COPY (a value of any other type makes the whole
     * batch text, as above); every value lands as its text would, NaN, infinities and BC dates included.
     */
    @Test
    void everyCommonTypeArrivesExactlyThroughTheBinaryCopyPath() throws Exception {
        java.util.Set<String> binary = java.util.Set.of("smallint", "integer", "bigint", "numeric", "numeric(5,2)",
                "numeric(1000,500)", "real", "double precision", "boolean", "character(5)", "character varying(10)", "text",
                "bytea", "date", "timestamp without time zone", "timestamp(3) without time zone", "timestamp with time zone",
                "uuid", "json", "jsonb", "positive_int", "short_text", "money_amount");
        List<PgTypeMatrix> common = PgTypeMatrix.SCALARS.stream().filter(c -> binary.contains(c.type())).toList();
        assertThat(common).hasSize(binary.size());
        roundTrip("common", common, 20);
    }

    private void roundTrip(String table, List<PgTypeMatrix> cases) throws Exception {
        roundTrip(table, cases, 1);
    }

    /** Snapshot, then streaming (one transaction), {@code copies} times each row of the matrix; then updates. */
    private void roundTrip(String table, List<PgTypeMatrix> cases, int copies) throws Exception {
        int rows = PgTypeMatrix.rows(cases);
        p.sourceSql(PgTypeMatrix.createTable(table, cases));
        p.sourceSql(inserts(table, cases, copies, 0));
        p.start(table);
        awaitIdentical(table, cases, rows * copies);

        p.sourceSql(inserts(table, cases, copies, 100_000));
        // Updates carry every value again, in the old and the new row image.
        p.sourceSql("ALTER TABLE " + table + " REPLICA IDENTITY FULL",
                "UPDATE " + table + " SET c0 = c0 WHERE id < 100000");
        awaitIdentical(table, cases, 2 * rows * copies);
    }

    private static String inserts(String table, List<PgTypeMatrix> cases, int copies, int firstId) {
        StringBuilder sql = new StringBuilder("BEGIN;");
        int rows = PgTypeMatrix.rows(cases);
        for (int copy = 0; copy < copies; copy++) {
            for (int r = 0; r < rows; r++) {
                sql.append(PgTypeMatrix.insert(table, cases, r, firstId + copy * 100 + r)).append(';');
            }
        }
        return sql.append("COMMIT").toString();
    }

    private void awaitIdentical(String table, List<PgTypeMatrix> cases, int expectedRows) throws Exception {
        Await.until(SyncFixture.TIMEOUT, () -> {
            p.assertRunning();
            Map<Integer, List<String>> source = rowsById(p.source(), table, cases);
            Map<Integer, List<String>> target = rowsById(p.target(), table, cases);
            assertThat(target.keySet()).as("keys of %s", table).isEqualTo(source.keySet()).hasSize(expectedRows);
            assertThat(differences(cases, source, target)).as("values that differ").isEmpty();
        });
        assertThat(typeDifferences(table, cases)).as("target column types").isEmpty();
        assertThat(primaryKey(p.target(), table)).as("target primary key").isEqualTo(primaryKey(p.source(), table));
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT a.attname FROM pg_index i,"
                + " unnest(i.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attnum = k.attnum"
                + " WHERE i.indrelid = '" + table + "'::regclass AND i.indisprimary AND a.attrelid = i.indrelid ORDER BY k.n")) {
            while (rs.next()) {
                key.add(rs.getString(1));
            }
        }
        return key;
    }

    private static List<String> differences(List<PgTypeMatrix> cases, Map<Integer, List<String>> source,
                                            Map<Integer, List<String>> target) {
        List<String> out = new ArrayList<>();
        source.forEach((id, row) -> {
            List<String> other = target.get(id);
            for (int c = 0; c < cases.size(); c++) {
                if (!java.util.Objects.equals(row.get(c), other.get(c))) {
                    out.add(cases.get(c).type() + " (id " + id + "): source " + row.get(c) + ", target " + other.get(c));
                }
            }
        });
        return out;
    }

    private List<String> typeDifferences(String table, List<PgTypeMatrix> cases) throws SQLException {
        Map<String, String> source = columnTypes(p.source(), table);
        Map<String, String> target = columnTypes(p.target(), table);
        List<String> out = new ArrayList<>();
        for (int c = 0; c < cases.size(); c++) {
            String expected = cases.get(c).expectedTargetType(source.get("c" + c));
            if (!expected.equals(target.get("c" + c))) {
                out.add(cases.get(c).type() + ": target column is " + target.get("c" + c) + ", expected " + expected);
            }
        }
        return out;
    }

    private static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table
                        + "'::regclass AND attnum > 0 AND NOT attisdropped")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    /** Every row's values as PostgreSQL prints them (without the id), by id. */
    private static Map<Integer, List<String>> rowsById(Connection c, String table, List<PgTypeMatrix> cases) throws SQLException {
        Map<Integer, List<String>> rows = new java.util.TreeMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + PgTypeMatrix.selectList(cases) + " FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n - 1);
                for (int i = 2; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.put(rs.getInt(1), row);
            }
        }
        return rows;
    }
}
