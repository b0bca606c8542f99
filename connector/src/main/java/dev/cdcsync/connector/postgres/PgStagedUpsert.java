package dev.cdcsync.connector.postgres;

import static dev.cdcsync.connector.postgres.PgIdentifiers.quote;

import dev.cdcsync.core.model.TableId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Large upserts through a staging table: the rows are streamed with {@code COPY} into a temporary
 * table shaped like the target, then merged with one {@code INSERT .. SELECT .. ON CONFLICT}. Rows the target does
 * not hold (a snapshot's into the table it emptied) go straight in with {@code COPY}.
 * PostgreSQL reads COPY far more cheaply than thousands of bind parameters, which halves its work per row; its
 * binary format ({@link PgBinaryRows}) spares it parsing and cdc-sync formatting. Staging tables live in the
 * session; they are dropped when the target table changes.
 */
final class PgStagedUpsert {

    private static final int COPY_CHUNK_CHARS = 1 << 20;
    /** Binary COPY data is sent in parts of about this size, so PostgreSQL works while the rest is encoded. */
    private static final int BINARY_CHUNK_BYTES = 256 << 10;

    private final String schema;
    private final Map<TableId, String> staging = new HashMap<>();
    /** Tables whose staging table the current transaction created (a rollback drops it again). */
    private final java.util.Set<TableId> createdInTransaction = new java.util.HashSet<>();
    /** The binary COPY of the batch being written, reused (one writer thread). */
    private final ByteSink binary = new ByteSink(BINARY_CHUNK_BYTES + (64 << 10));
    /** Each target table's column type oids by column name, read once per session and shape. */
    private final Map<TableId, Map<String, Integer>> columnTypes = new HashMap<>();
    private Connection stagedOn;
    /** Names are never reused within a session: a name freed by {@link #forget} may still be another table's. */
    private int staged;

    PgStagedUpsert(String schema) {
        this.schema = schema;
    }

    void upsert(Connection c, TableId table, List<String> columns, List<String> key, List<Map<String, Object>> rows)
            throws SQLException {
        String stage = stagingTable(c, table);
        String cols = columns.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "));
        copy(c, table, "COPY " + stage + " (" + cols + ") FROM STDIN", columns, rows);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(PgStatements.upsertFrom(PgIdentifiers.table(schema, table), columns, key,
                    "SELECT " + cols + " FROM " + stage));
            st.execute("TRUNCATE " + stage);
        }
    }

    /** Rows the table does not hold (see TableBatch#newRows): straight into it with COPY, no staging, no merge. */
    void insert(Connection c, TableId table, List<String> columns, List<Map<String, Object>> rows) throws SQLException {
        String cols = columns.stream().map(PgIdentifiers::quote).collect(Collectors.joining(", "));
        copy(c, table, "COPY " + PgIdentifiers.table(schema, table) + " (" + cols + ") FROM STDIN", columns, rows);
    }

    /** The target's shape changed: its staging table must be made again. */
    void forget(Connection c, TableId table) throws SQLException {
        columnTypes.remove(table);
        String stage = staging.remove(table);
        if (stage != null && c == stagedOn) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + stage);
            }
        }
    }

    /** The transaction committed: the staging tables it created stay for the session. */
    void committed() {
        createdInTransaction.clear();
    }

    /** The transaction rolled back, and with it the creation of its staging tables: they are made again when needed. */
    void rolledBack() {
        createdInTransaction.forEach(staging::remove);
        createdInTransaction.clear();
    }

    private String stagingTable(Connection c, TableId table) throws SQLException {
        session(c);
        String stage = staging.get(table);
        if (stage == null) {
            stage = "pg_temp." + quote("cdc_sync_stage_" + staged++);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + stage);
                st.execute("CREATE TEMPORARY TABLE " + stage + " (LIKE " + PgIdentifiers.table(schema, table)
                        + " INCLUDING DEFAULTS)");
            }
            staging.put(table, stage);
            createdInTransaction.add(table);
        }
        return stage;
    }

    private void session(Connection c) {
        if (c != stagedOn) {
            staging.clear(); // temporary tables died with the previous session
            createdInTransaction.clear();
            columnTypes.clear(); // another connection may see another table after a failover
            stagedOn = c;
        }
    }

    /**
     * Streams the rows: in COPY's binary format up to the first row with a value that has no binary form in its
     * column (staging tables have the target's types), the rest as COPY text, both in the caller's transaction.
     * Each row's map holds exactly {@code columns}, in that order (as the writer groups them).
     */
    private void copy(Connection c, TableId table, String sql, List<String> columns, List<Map<String, Object>> rows)
            throws SQLException {
        session(c);
        Map<String, Integer> types = columnTypes.get(table);
        if (types == null) {
            columnTypes.put(table, types = PgSchemaOps.columnTypeOids(c, PgIdentifiers.table(schema, table)));
        }
        Map<String, Integer> known = types;
        int[] oids = columns.stream().mapToInt(name -> known.getOrDefault(name, 0)).toArray();
        int binaryRows;
        try {
            binaryRows = copyBinary(c, sql, oids, rows);
        } catch (SQLException e) {
            columnTypes.remove(table); // the table may have changed under us: the retry reads its types again
            throw e;
        }
        if (binaryRows < rows.size()) {
            copyText(c, sql, rows.subList(binaryRows, rows.size()));
        }
    }

    /**
     * Sends the data as it is made, so PostgreSQL reads one part while the next is encoded.
     *
     * @return how many rows, from the first, went in binary (0: no binary COPY was started)
     */
    private int copyBinary(Connection c, String sql, int[] types, List<Map<String, Object>> rows) throws SQLException {
        binary.clear();
        PgBinaryRows.header(binary);
        if (rows.isEmpty() || !PgBinaryRows.row(types, rows.get(0), binary)) {
            return 0;
        }
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql + " (FORMAT binary)");
        int n = 1;
        try {
            for (; n < rows.size(); n++) {
                if (binary.size() >= BINARY_CHUNK_BYTES) {
                    in.writeToCopy(binary.array(), 0, binary.size());
                    binary.clear();
                }
                int mark = binary.size();
                if (!PgBinaryRows.row(types, rows.get(n), binary)) {
                    binary.truncate(mark);
                    break;
                }
            }
            PgBinaryRows.trailer(binary);
            in.writeToCopy(binary.array(), 0, binary.size());
            in.endCopy();
            return n;
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void copyText(Connection c, String sql, List<Map<String, Object>> rows) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder buf = new StringBuilder(COPY_CHUNK_CHARS + 4096);
            for (Map<String, Object> row : rows) {
                boolean first = true;
                for (Object value : row.values()) {
                    if (!first) {
                        buf.append('\t');
                    }
                    first = false;
                    appendCopyText(buf, value);
                }
                buf.append('\n');
                if (buf.length() >= COPY_CHUNK_CHARS) {
                    send(in, buf);
                }
            }
            send(in, buf);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void send(CopyIn in, StringBuilder buf) throws SQLException {
        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
        in.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    /** COPY's text format: \\N is NULL; backslash, tab, newline and carriage return are escaped. */
    static void appendCopyText(StringBuilder buf, Object value) {
        if (value == null) {
            buf.append("\\N");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            buf.append(((Number) value).longValue()); // digits only: nothing to escape, no String made
        } else {
            appendEscaped(buf, PgValues.text(value));
        }
    }

    private static void appendEscaped(StringBuilder buf, String text) {
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            String escape = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                buf.append(text, from, i).append(escape);
                from = i + 1;
            }
        }
        buf.append(text, from, text.length());
    }
}
