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
 * table shaped like the target, then merged with one {@code INSERT .. SELECT .. ON CONFLICT}.
 * PostgreSQL parses COPY text far more cheaply than thousands of bind parameters, which halves its
 * work per row. Staging tables live in the session; they are dropped when the target table changes.
 */
final class PgStagedUpsert {

    private static final int COPY_CHUNK_CHARS = 1 << 20;

    private final String schema;
    private final Map<TableId, String> staging = new HashMap<>();
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
        copy(c, "COPY " + stage + " (" + cols + ") FROM STDIN", columns, rows);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(PgStatements.upsertFrom(PgIdentifiers.table(schema, table), columns, key,
                    "SELECT " + cols + " FROM " + stage));
            st.execute("TRUNCATE " + stage);
        }
    }

    /** The target's shape changed: its staging table must be made again. */
    void forget(Connection c, TableId table) throws SQLException {
        String stage = staging.remove(table);
        if (stage != null && c == stagedOn) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + stage);
            }
        }
    }

    private String stagingTable(Connection c, TableId table) throws SQLException {
        if (c != stagedOn) {
            staging.clear(); // temporary tables died with the previous session
            stagedOn = c;
        }
        String stage = staging.get(table);
        if (stage == null) {
            stage = "pg_temp." + quote("cdc_sync_stage_" + staged++);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + stage);
                st.execute("CREATE TEMPORARY TABLE " + stage + " (LIKE " + PgIdentifiers.table(schema, table)
                        + " INCLUDING DEFAULTS)");
            }
            staging.put(table, stage);
        }
        return stage;
    }

    private static void copy(Connection c, String sql, List<String> columns, List<Map<String, Object>> rows)
            throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder buf = new StringBuilder(COPY_CHUNK_CHARS + 4096);
            for (Map<String, Object> row : rows) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        buf.append('\t');
                    }
                    appendCopyText(buf, row.get(columns.get(i)));
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

    /** COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped. */
    static void appendCopyText(StringBuilder buf, Object value) {
        if (value == null) {
            buf.append("\\N");
            return;
        }
        String text = PgValues.text(value);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> buf.append("\\\\");
                case '\t' -> buf.append("\\t");
                case '\n' -> buf.append("\\n");
                case '\r' -> buf.append("\\r");
                default -> buf.append(ch);
            }
        }
    }
}
