package dev.cdcsync.it.mariadb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdcsync.it.harness.MariaDbPipeline;
import dev.cdcsync.it.harness.MariaDbServer;
import dev.cdcsync.it.harness.Await;
import dev.cdcsync.it.harness.SyncFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MariaDB types land in PostgreSQL with their meaning intact: full ranges of signed and unsigned
 * integers, 65-digit decimals, utf8mb4 text, binary strings, microsecond times, DATETIME (no zone)
 * versus TIMESTAMP (an instant, UTC), YEAR, ENUM, SET, BIT(n), POINT, and zero dates as NULL.
 */
class MariaDbTypeFidelityIT {

    private static final String TABLE = """
            CREATE TABLE types (
              id INT PRIMARY KEY,
              c_bool BOOLEAN, c_tinyint TINYINT, c_tinyint_u TINYINT UNSIGNED, c_smallint_u SMALLINT UNSIGNED,
              c_mediumint MEDIUMINT, c_int_u INT UNSIGNED, c_bigint BIGINT, c_bigint_u BIGINT UNSIGNED,
              c_decimal DECIMAL(65,30), c_float FLOAT, c_double DOUBLE,
              c_char CHAR(5), c_varchar VARCHAR(20), c_text TEXT, c_longtext LONGTEXT,
              c_binary BINARY(4), c_varbinary VARBINARY(10), c_blob BLOB,
              c_date DATE, c_time TIME(6), c_datetime DATETIME(6), c_timestamp TIMESTAMP(6) NULL DEFAULT NULL,
              c_year YEAR, c_enum ENUM('small', 'medium', 'large'), c_set SET('a', 'b', 'c'), c_json JSON,
              c_bit BIT(10), c_bit1 BIT(1), c_point POINT,
              c_time_long TIME(6), c_linestring LINESTRING, c_polygon POLYGON, c_geometry GEOMETRY,
              c_multipoint MULTIPOINT, c_collection GEOMETRYCOLLECTION,
              c_mediumtext MEDIUMTEXT, c_tinyblob TINYBLOB,
              c_multiline MULTILINESTRING, c_multipolygon MULTIPOLYGON, c_datetime0 DATETIME, c_decimal_u DECIMAL(10,2) UNSIGNED)""";

    private static final List<String> ROWS = List.of("""
            ({id}, TRUE, -128, 255, 65535, -8388608, 4294967295, -9223372036854775808, 18446744073709551615,
             '12345678901234567890123456789012345.123456789012345678901234567890', 1.5, 2.25,
             'ab', 'varchar 🎉', 'text ünï', 'long', 0x01020304, 0x00ff, 0xdeadbeef,
             '2024-02-29', '13:45:59.123456', '2024-02-29 13:45:59.123456', '2024-02-29 13:45:59.123456',
             2024, 'medium', 'a,c', '{"b": 1, "a": [1, 2]}', b'1010000001', b'1', ST_GeomFromText('POINT(1.5 -2.25)'),
             '838:59:59.000000', ST_GeomFromText('LINESTRING(0 0,1 1.5)'), ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'),
             ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('MULTIPOINT(1 2,3 4)'),
             ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))'),
             'medium ünï', 0x00ff,
             ST_GeomFromText('MULTILINESTRING((0 0,1 1),(2 2,3 3))'),
             ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,0 1,0 0)),((5 5,6 5,5 6,5 5)))'), '9999-12-31 23:59:59', 99999999.99)""", """
            ({id}, FALSE, 127, 0, 0, 8388607, 0, 9223372036854775807, 0,
             '-0.000000000000000000000000000001', -3.25e38, 1.7976931348623157e308,
             '', '', '', '', 0x00000000, '', '',
             '1000-01-01', '00:00:00', '1000-01-01 00:00:00', '1970-01-01 00:00:01',
             1901, 'small', '', '[]', b'0', b'0', ST_GeomFromText('POINT(0 0)'),
             '-00:00:01.500000', ST_GeomFromText('LINESTRING(-1.5 2.25,3 4)'),
             ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))'),
             ST_GeomFromText('POLYGON((0 0,1 0,0 1,0 0))', 4326), ST_GeomFromText('MULTIPOINT(0 0)'),
             ST_GeomFromText('GEOMETRYCOLLECTION(MULTIPOINT(1 1,2 2),POLYGON((0 0,1 0,0 1,0 0)))'),
             '', '', ST_GeomFromText('MULTILINESTRING((0 0,1 1))'),
             ST_GeomFromText('MULTIPOLYGON(((0 0,1 0,0 1,0 0)))'), '1000-01-01 00:00:00', 0)""", """
            ({id}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");

    private MariaDbPipeline p;

    @BeforeEach
    void setUp() throws Exception {
        p = MariaDbPipeline.create(MariaDbServer.shared(), "mtypes");
        p.sourceSql(TABLE);
    }

    @AfterEach
    void tearDown() throws Exception {
        p.close();
    }

    /** What PostgreSQL prints for each row above: the same values, in PostgreSQL's text forms. */
    private static final List<List<String>> EXPECTED = List.of(
            List.of("1", "-128", "255", "65535", "-8388608", "4294967295", "-9223372036854775808", "18446744073709551615",
                    "12345678901234567890123456789012345.123456789012345678901234567890", "1.5", "2.25",
                    "ab   ", "varchar 🎉", "text ünï", "long", "\\x01020304", "\\x00ff", "\\xdeadbeef",
                    "2024-02-29", "13:45:59.123456", "2024-02-29 13:45:59.123456", "2024-02-29 13:45:59.123456+00",
                    "2024", "medium", "a,c", "{\"b\": 1, \"a\": [1, 2]}", "1010000001", "t", "(1.5,-2.25)",
                    "838:59:59", "LINESTRING(0 0,1 1.5)", "POLYGON((0 0,1 0,1 1,0 0))", "POINT(1 2)",
                    "MULTIPOINT((1 2),(3 4))", "GEOMETRYCOLLECTION(POINT(1 2),LINESTRING(0 0,1 1))",
                    "medium ünï", "\\x00ff",
                    "MULTILINESTRING((0 0,1 1),(2 2,3 3))", "MULTIPOLYGON(((0 0,1 0,0 1,0 0)),((5 5,6 5,5 6,5 5)))",
                    "9999-12-31 23:59:59", "99999999.99"),
            List.of("0", "127", "0", "0", "8388607", "0", "9223372036854775807", "0",
                    "-0.000000000000000000000000000001", "-3.25e+38", "1.7976931348623157e+308",
                    "     ", "", "", "", "\\x00000000", "\\x", "\\x",
                    "1000-01-01", "00:00:00", "1000-01-01 00:00:00", "1970-01-01 00:00:01+00",
                    "1901", "small", "", "[]", "0000000000", "f", "(0,0)",
                    "-00:00:01.5", "LINESTRING(-1.5 2.25,3 4)", "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))",
                    "SRID=4326;POLYGON((0 0,1 0,0 1,0 0))", "MULTIPOINT((0 0))",
                    "GEOMETRYCOLLECTION(MULTIPOINT((1 1),(2 2)),POLYGON((0 0,1 0,0 1,0 0)))",
                    "", "\\x", "MULTILINESTRING((0 0,1 1))",
                    "MULTIPOLYGON(((0 0,1 0,0 1,0 0)))", "1000-01-01 00:00:00", "0.00"),
            java.util.Collections.nCopies(41, (String) null));

    /** Zero dates have no date: Debezium delivers them as NULL (documented), never as a wrong date. */
    private static final String ZERO_DATES = "INSERT INTO types (id, c_date, c_datetime) VALUES ({id}, '0000-00-00', '0000-00-00 00:00:00')";

    @Test
    void everyTypeArrivesWithItsMeaningThroughSnapshotAndStreaming() throws Exception {
        insertRows(1);
        p.start("types");
        Await.until(SyncFixture.TIMEOUT, () -> {
            p.assertRunning();
            assertThat(p.targetRows("types").rows()).containsExactlyElementsOf(expected(1));
        });

        insertRows(101);
        Await.until(SyncFixture.TIMEOUT, () -> {
            p.assertRunning();
            List<List<String>> all = new ArrayList<>(expected(1));
            all.addAll(expected(101));
            assertThat(p.targetRows("types").rows()).containsExactlyInAnyOrderElementsOf(all);
        });
    }

    @Test
    void targetColumnTypesKeepTheSourceRanges() throws Exception {
        insertRows(1);
        p.start("types");
        Await.until(SyncFixture.TIMEOUT, () -> assertThat(p.targetRows("types").size()).isEqualTo(ROWS.size() + 1));
        Map<String, String> types = new LinkedHashMap<>();
        try (var st = p.target().createStatement(); var rs = st.executeQuery("SELECT attname, format_type(atttypid, atttypmod)"
                + " FROM pg_attribute WHERE attrelid = 'public.types'::regclass AND attnum > 0")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(types).containsEntry("c_bool", "smallint").containsEntry("c_tinyint_u", "smallint")
                .containsEntry("c_smallint_u", "integer").containsEntry("c_int_u", "bigint")
                .containsEntry("c_bigint_u", "numeric(20,0)").containsEntry("c_decimal", "numeric(65,30)")
                .containsEntry("c_float", "real").containsEntry("c_double", "double precision")
                .containsEntry("c_char", "character(5)").containsEntry("c_varchar", "character varying(20)")
                .containsEntry("c_blob", "bytea").containsEntry("c_time", "interval").containsEntry("c_geometry", "text").containsEntry("c_json", "json")
                .containsEntry("c_datetime", "timestamp without time zone")
                .containsEntry("c_timestamp", "timestamp with time zone").containsEntry("c_bit", "bit(10)")
                .containsEntry("c_bit1", "boolean").containsEntry("c_point", "point");
    }

    private void insertRows(int firstId) throws Exception {
        for (int i = 0; i < ROWS.size(); i++) {
            p.sourceSql("INSERT INTO types VALUES " + ROWS.get(i).replace("{id}", String.valueOf(firstId + i)));
        }
        p.sourceSql("SET SESSION sql_mode = ''", ZERO_DATES.replace("{id}", String.valueOf(firstId + ROWS.size())),
                "SET SESSION sql_mode = DEFAULT");
    }

    private static List<List<String>> expected(int firstId) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < EXPECTED.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(firstId + i));
            row.addAll(EXPECTED.get(i));
            rows.add(row);
        }
        List<String> zero = new ArrayList<>(java.util.Collections.nCopies(42, (String) null));
        zero.set(0, String.valueOf(firstId + EXPECTED.size()));
        rows.add(zero);
        return rows;
    }
}
