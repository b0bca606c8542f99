package dev.cdcsync.it.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.PostgresPipeline;
import dev.cdcsync.it.harness.PostgresServer;
import dev.cdcsync.it.harness.TableRows;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every PostgreSQL type in the matrix round-trips exactly, through the snapshot and through
 * streaming: the target prints the same text for every value as the source.
 */
class PostgresTypeFidelityIT {

    private static final String TABLE = """
            CREATE TABLE types (
              id int PRIMARY KEY,
              c_smallint smallint, c_int int, c_bigint bigint,
              c_numeric numeric, c_numeric_38_10 numeric(38,10),
              c_real real, c_double double precision, c_bool boolean,
              c_text text, c_varchar varchar(12), c_char char(5), c_bytea bytea,
              c_date date, c_time time, c_timestamp timestamp, c_timestamptz timestamptz, c_interval interval,
              c_uuid uuid, c_json json, c_jsonb jsonb, c_int_array int[], c_text_array text[], c_mood mood,
              c_toast text)""";

    /** Typical values, extremes, and special values; {id} is replaced per row. */
    private static final List<String> ROWS = List.of("""
            ({id}, 1, 2, 3, 1.5, 2.25, 1.1, 2.2, true, 'plain', 'varchar', 'ab', '\\x0001ff',
             '2024-02-29', '13:45:59.123456', '2024-02-29 13:45:59.123456', '2024-02-29 13:45:59.123456+02',
             '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
             '{"b": 1,  "a": [1, 2]}', '{"b": 1, "a": [1, 2]}', '{1,NULL,3}', '{"a b","c,d","e\\"f",NULL,""}', 'happy',
             (SELECT string_agg(md5(g::text || random()::text), '') FROM generate_series(1, 400) g))""", """
            ({id}, -32768, 2147483647, -9223372036854775808, 12345678901234567890.123456789012345678901234567890,
             1234567890123456789012345678.0123456789, 3.4028235e38, 1.7976931348623157e308, false,
             E'quote '' and "double" \\\\ back; tab\\t newline\\n ünïcødé 🎉', 'exactly12chr', 'a', '\\x',
             '0001-01-01', '23:59:59.999999', '1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999+00',
             '-178000000 years', '00000000-0000-0000-0000-000000000000',
             '[]', '{"nested": {"deep": [true, null, 1.5e300]}}', '{}', '{}', 'sad', '')""", """
            ({id}, 0, 0, 0, 'NaN', -0.0000000001, '-Infinity', 'NaN', NULL,
             '', '', '     ', NULL, '9999-12-31', '00:00:00', '2262-04-11 23:47:16.854775', '2000-01-01 00:00:00+14',
             '0', NULL, 'null', '"string"', NULL, '{NULL}', NULL, NULL)""", """
            ({id}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");

    private PostgresPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        p = PostgresPipeline.create(PostgresServer.shared(), "types");
        p.sourceSql("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')", TABLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        p.close();
    }

    @Test
    void everyTypeRoundTripsExactlyThroughSnapshotAndStreaming() throws Exception {
        insertRows(1);
        p.start("types");
        p.awaitSame("types");

        insertRows(101);
        p.awaitSame("types");
        assertThat(p.targetRows("types").size()).isEqualTo(2 * ROWS.size());
    }

    /** Many rows in one batch take the writer's COPY path, which escapes values differently from bind parameters. */
    @Test
    void everyTypeRoundTripsExactlyThroughTheBulkCopyPath() throws Exception {
        copiesOfRows(1000, 25);
        p.start("types");
        p.awaitSame("types");

        copiesOfRows(5000, 25);
        p.sourceSql("UPDATE types SET c_smallint = coalesce(c_smallint, 0) + 1 WHERE id >= 5000");
        p.awaitSame("types");
        assertThat(p.targetRows("types").size()).isEqualTo(2 * 25 * ROWS.size());
    }

    @Test
    void toastedValueUnchangedByAnUpdateKeepsItsValue() throws Exception {
        insertRows(1);
        p.start("types");
        p.awaitSame("types");
        insertRows(101);
        String toastBefore = toast(101);
        assertThat(toastBefore).hasSizeGreaterThan(8192);

        // The update does not touch c_toast: pgoutput sends a placeholder, which must never be written.
        p.sourceSql("UPDATE types SET c_int = c_int + 1 WHERE id IN (1, 101)",
                "BEGIN", "INSERT INTO types (id, c_int, c_toast) VALUES (500, 1, repeat(md5('x'), 400))",
                "UPDATE types SET c_int = 2 WHERE id = 500", "COMMIT");
        p.awaitSame("types");
        assertThat(toastOfTarget(101)).isEqualTo(toastBefore);
    }

    /** {@code copies} times every row of the matrix, in one transaction, ids from {@code firstId}. */
    private void copiesOfRows(int firstId, int copies) throws Exception {
        StringBuilder sql = new StringBuilder("BEGIN;");
        int id = firstId;
        for (int copy = 0; copy < copies; copy++) {
            for (String row : ROWS) {
                sql.append("INSERT INTO types VALUES ").append(row.replace("{id}", String.valueOf(id++))).append(';');
            }
        }
        p.sourceSql(sql.append("COMMIT").toString());
    }

    private void insertRows(int firstId) throws Exception {
        for (int i = 0; i < ROWS.size(); i++) {
            p.sourceSql("INSERT INTO types VALUES " + ROWS.get(i).replace("{id}", String.valueOf(firstId + i)));
        }
    }

    private String toast(int id) throws Exception {
        return valueOf(TableRows.read(p.source(), "types"), id);
    }

    private String toastOfTarget(int id) throws Exception {
        return valueOf(p.targetRows("types"), id);
    }

    private static String valueOf(TableRows rows, int id) {
        int toastColumn = rows.columns().indexOf("c_toast");
        return rows.rows().stream().filter(r -> r.get(0).equals(String.valueOf(id))).findFirst()
                .map(r -> r.get(toastColumn)).orElseThrow();
    }
}
