package dev.cdcsync.it.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL types and values that must survive PostgreSQL -> PostgreSQL exactly: every built-in
 * type a user may have in a table, with its extremes and special values. Each case is one column;
 * row {@code i} of the matrix holds each case's {@code i}-th value (NULL where a case has fewer).
 *
 * @param type       the column type as declared at the source
 * @param targetType what {@code format_type()} must print for the target column
 * @param values     SQL literals (already quoted)
 * @param compareAs  the SQL expression ({@code %s} for the column) whose text must be equal, when it is not the value's own
 */
record PgTypeMatrix(String type, String targetType, List<String> values, String compareAs) {

    static PgTypeMatrix of(String type, String... values) {
        return new PgTypeMatrix(type, null, List.of(values), null);
    }

    /** A case whose target column has another type than the source's (enums, domains). */
    static PgTypeMatrix as(String type, String targetType, String... values) {
        return new PgTypeMatrix(type, targetType, List.of(values), null);
    }

    /**
     * The one documented inexactness: Debezium's pgoutput reader turns a streamed {@code timetz} into UTC before any
     * converter sees it, so streamed values keep their time instant but not their offset (snapshot values keep both).
     */
    static PgTypeMatrix sameInstant(String type, String... values) {
        return new PgTypeMatrix(type, null, List.of(values), "timezone('UTC', %s)");
    }

    /** Types the source needs before the matrix table can be created. */
    static final List<String> SETUP = List.of(
            "CREATE EXTENSION IF NOT EXISTS hstore",
            "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s \"quoted\"')",
            "CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0)",
            "CREATE DOMAIN short_text AS varchar(8)",
            "CREATE DOMAIN money_amount AS numeric(12,2)",
            "CREATE TYPE pair AS (a integer, b text)");

    /** Everything the target needs that cdc-sync cannot create from a row (an extension is the user's choice). */
    static final List<String> TARGET_SETUP = List.of("CREATE EXTENSION IF NOT EXISTS hstore");

    static final List<PgTypeMatrix> SCALARS = List.of(
            of("smallint", "-32768", "32767", "0"),
            of("integer", "-2147483648", "2147483647"),
            of("bigint", "-9223372036854775808", "9223372036854775807"),
            of("oid", "0", "4294967295"),
            of("numeric", "'NaN'", "'Infinity'", "'-Infinity'", "'-0.000000000000000000000000000001'",
                    "123456789012345678901234567890.123456789012345678901234567890", "0", "'1e-300'", "'-1.5e300'"),
            of("numeric(5,2)", "123.45", "-0.01", "'NaN'", "0"),
            of("numeric(1000,500)", "('0.' || repeat('9', 500))::numeric", "(repeat('1', 500) || '.5')::numeric"),
            of("real", "'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "'1.4e-45'", "'3.4028235e38'", "'0.1'"),
            of("double precision", "'NaN'", "'-Infinity'", "'-0'", "'4.9e-324'", "'1.7976931348623157e308'", "'0.1'"),
            of("money", "'1234.56'", "'-92233720368547758.08'", "'92233720368547758.07'", "0"),
            of("boolean", "true", "false"),
            of("character(5)", "'a'", "''", "'abcde'"),
            of("character varying(10)", "''", "'üñï 🎉'", "'0123456789'"),
            of("text", "E'quote '' \" \\\\ back\\t\\n 🎉'", "''", "'NULL'"),
            of("\"char\"", "'a'", "' '"),
            of("name", "'a name'"),
            of("bytea", "'\\x00ff'", "'\\x'", "decode(repeat('ab', 3000), 'hex')"),
            of("date", "'infinity'", "'-infinity'", "'4713-01-01 BC'", "'0044-03-15 BC'", "'1582-10-10'",
                    "'5874897-12-31'", "'2024-02-29'", "'0001-01-01'"),
            of("timestamp without time zone", "'infinity'", "'-infinity'", "'4713-01-01 00:00:00 BC'",
                    "'0001-12-31 23:59:59.999999 BC'", "'1582-10-10 12:00:00'", "'294276-12-31 23:59:59.999999'",
                    "'2024-02-29 13:45:59.000001'"),
            of("timestamp(3) without time zone", "'2024-02-29 13:45:59.123'"),
            of("timestamp with time zone", "'infinity'", "'-infinity'", "'4713-01-01 00:00:00+00 BC'",
                    "'1582-10-10 12:00:00+05:30'", "'294276-12-31 23:59:59.999999+00'",
                    "'2024-02-29 13:45:59.000001-08'"),
            of("time without time zone", "'24:00:00'", "'00:00:00'", "'23:59:59.999999'", "'12:00:00.5'"),
            of("time(2) without time zone", "'13:45:59.12'"),
            sameInstant("time with time zone", "'12:00:00+05:30'", "'00:00:00+15:59'",
                    "'23:59:59.999999-03'", "'10:00:00+00'"),
            of("interval", "'1 year 2 mons'", "'-178000000 years'", "'1 day -00:00:01'", "'00:00:00.000001'",
                    "'-1 mons +2 days -03:04:05.678901'", "'0'"),
            of("uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'"),
            of("json", "'{\"b\": 1,  \"a\": [1, 2]}'", "' [1,2] '", "'\"string\"'", "'null'"),
            of("jsonb", "'{\"b\": 1, \"a\": [1, 2.50]}'", "'null'", "'{\"deep\": {\"x\": [true, null, 1.5e300]}}'"),
            of("xml", "'<a href=\"x\">b &amp; c</a>'", "'text only'"),
            of("inet", "'192.168.0.1/24'", "'::1'", "'10.0.0.1'", "'2001:db8::ff00:42:8329/64'"),
            of("cidr", "'10.0.0.0/8'", "'2001:db8::/32'"),
            of("macaddr", "'08:00:2b:01:02:03'"),
            of("macaddr8", "'08:00:2b:01:02:03:04:05'"),
            of("bit(4)", "B'1010'", "B'0000'"),
            of("bit varying(8)", "B'1'", "B''", "B'10101010'"),
            of("bit varying", "B'101'"),
            of("tsvector", "'a fat cat sat'", "$$'quoted ''word''' x:1A y:2B,3$$"),
            of("tsquery", "'fat & rat'", "'!a | b:*'"),
            of("point", "'(1.5,-2)'", "'(0,0)'"),
            of("line", "'{1,2,3}'"),
            of("lseg", "'[(0,0),(1,1.5)]'"),
            of("box", "'(1,1),(0,0)'"),
            of("path", "'[(0,0),(1,1),(2,0)]'", "'((0,0),(1,1))'"),
            of("polygon", "'((0,0),(1,1),(1,0))'"),
            of("circle", "'<(0,0),1.5>'"),
            of("int4range", "'[1,5)'", "'empty'", "'(,)'", "'[3,)'"),
            of("int8range", "'[-9223372036854775808,9223372036854775807)'"),
            of("numrange", "'(1.5,2.25]'"),
            of("tsrange", "'[2024-01-01 00:00:00,infinity)'"),
            of("tstzrange", "'[2024-01-01 00:00:00+00,2024-02-01 00:00:00+05)'"),
            of("daterange", "'[2024-01-01,2024-02-01)'"),
            of("int4multirange", "'{[1,3), [5,7)}'", "'{}'"),
            of("datemultirange", "'{[2024-01-01,2024-02-01)}'"),
            of("pg_lsn", "'0/16B3748'", "'FFFFFFFF/FFFFFFFF'"),
            of("hstore", "'a=>1, \"b c\"=>NULL, \"q\\\"\"=>\"x\"'", "''"),
            as("mood", "text", "'happy'", "'it''s \"quoted\"'"),
            as("positive_int", "integer", "1", "2147483647"),
            as("short_text", "character varying(8)", "'abc'"),
            as("money_amount", "numeric(12,2)", "1234567890.12"),
            // A NULL in a column with a DEFAULT stays NULL (Debezium puts the default into the field's schema).
            as("text DEFAULT 'fallback'", "text", "NULL", "'x'"),
            as("integer DEFAULT 7", "integer", "NULL", "8"),
            as("timestamp DEFAULT localtimestamp", "timestamp without time zone", "NULL", "'2024-01-01 00:00:00'"),
            as("pair", "text", "ROW(1, 'x y')", "ROW(NULL, '\"quoted\", comma')"));

    static final List<PgTypeMatrix> ARRAYS = List.of(
            of("integer[]", "'{}'", "'{1,NULL,3}'", "'{{1,2},{3,4}}'", "'{{{1},{2}},{{3},{NULL}}}'", "'{NULL}'"),
            of("numeric[]", "'{1.5,NaN,-0.001}'", "'{Infinity,-Infinity,0.000000000000000000001}'", "'{{1,2},{3,4}}'"),
            of("text[]", "'{\"a b\",\"c,d\",\"e\\\"f\",NULL,\"\",\"NULL\",\"{}\"}'", "'{}'", "'{{a,b},{c,d}}'",
                    "ARRAY[E'back\\\\slash', 'ünï 🎉']"),
            of("character varying(5)[]", "'{abc,\"\"}'"),
            of("character(2)[]", "'{a,bc}'"),
            of("bytea[]", "ARRAY['\\x00ff'::bytea, NULL, '\\x'::bytea]"),
            of("boolean[]", "'{t,f,NULL}'"),
            of("smallint[]", "'{-32768,32767}'"),
            of("bigint[]", "'{-9223372036854775808,9223372036854775807}'"),
            of("real[]", "'{NaN,Infinity,-0,1.4e-45}'"),
            of("double precision[]", "'{NaN,-Infinity,-0,4.9e-324,0.1}'"),
            of("date[]", "'{infinity,-infinity,\"0044-03-15 BC\",2024-02-29}'"),
            of("timestamp without time zone[]", "'{infinity,\"2024-02-29 13:45:59.000001\",\"0001-01-01 00:00:00 BC\"}'"),
            of("timestamp with time zone[]", "'{-infinity,\"2024-02-29 13:45:59.000001+00\"}'"),
            of("time without time zone[]", "'{24:00:00,00:00:00.000001}'"),
            of("time with time zone[]", "'{12:00:00+05:30,23:59:59.999999-15:59}'"),
            of("interval[]", "'{\"1 year 2 mons\",\"-00:00:00.000001\"}'"),
            of("uuid[]", "'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'"),
            of("json[]", "ARRAY['{\"a\": 1}'::json, '[1,  2]'::json]"),
            of("jsonb[]", "ARRAY['{\"a\": 1}'::jsonb, 'null'::jsonb]"),
            of("inet[]", "'{192.168.0.1/24,::1}'"),
            of("macaddr[]", "'{08:00:2b:01:02:03}'"),
            of("bit varying[]", "ARRAY[B'101', B'']"),
            of("point[]", "ARRAY['(1,2)'::point, '(3.5,-4)'::point]"),
            of("box[]", "ARRAY['(1,1),(0,0)'::box, '(2,2),(1,1)'::box]"),
            of("int4range[]", "ARRAY['[1,5)'::int4range, 'empty'::int4range]"),
            of("money[]", "'{1.50,-2.25}'"),
            of("pg_lsn[]", "'{0/16B3748}'"),
            of("hstore[]", "ARRAY['a=>1'::hstore]"),
            as("mood[]", "text[]", "'{happy,sad}'", "ARRAY['it''s \"quoted\"'::mood]"),
            as("pair[]", "text[]", "ARRAY[ROW(1, 'x y')::pair, NULL]"),
            as("positive_int[]", "integer[]", "'{1,2}'"));

    /** The number of rows a matrix needs: its longest value list. */
    static int rows(List<PgTypeMatrix> cases) {
        return cases.stream().mapToInt(c -> c.values.size()).max().orElse(0);
    }

    /** {@code CREATE TABLE} of one column per case, named c0, c1, ...; plus an int key. */
    static String createTable(String table, List<PgTypeMatrix> cases) {
        List<String> columns = new ArrayList<>();
        columns.add("id int PRIMARY KEY");
        for (int i = 0; i < cases.size(); i++) {
            columns.add("c" + i + " " + cases.get(i).type);
        }
        return "CREATE TABLE " + table + " (" + String.join(", ", columns) + ")";
    }

    /** The select list that reads what must be equal: id, then each case's column or {@link #compareAs} expression. */
    static String selectList(List<PgTypeMatrix> cases) {
        List<String> columns = new ArrayList<>();
        columns.add("id");
        for (int i = 0; i < cases.size(); i++) {
            String c = "c" + i;
            columns.add(cases.get(i).compareAs == null ? c : String.format(cases.get(i).compareAs, c));
        }
        return String.join(", ", columns);
    }

    /** The insert of matrix row {@code row} under key {@code id}. */
    static String insert(String table, List<PgTypeMatrix> cases, int row, int id) {
        List<String> values = new ArrayList<>();
        values.add(String.valueOf(id));
        for (PgTypeMatrix c : cases) {
            values.add(row < c.values.size() ? c.values.get(row) : "NULL");
        }
        return "INSERT INTO " + table + " VALUES (" + String.join(", ", values) + ")";
    }

    /** The type {@code format_type()} prints for this case's target column. */
    String expectedTargetType(String sourceFormatted) {
        return targetType != null ? targetType : sourceFormatted;
    }
}
