package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

/**
 * The dead-letter table in the target schema: one row per set-aside record or row, keyed by pipeline and the letter's
 * stable id, so a replayed batch refused again keeps one row. {@code row_data} is JSONB, which
 * {@code jsonb_populate_record} turns back into a row of the table once the cause is fixed (see the README).
 */
final class PgDeadLetters {

    static final String TABLE = "cdc_sync_dead_letters";

    private final String qualified;

    PgDeadLetters(String schema) {
        this.qualified = PgIdentifiers.quote(schema) + "." + PgIdentifiers.quote(TABLE);
    }

    String qualified() {
        return qualified;
    }

    void createIfMissing(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified + " (pipeline text NOT NULL, letter_id text NOT NULL,"
                    + " table_name text, row_key text, source_position text NOT NULL, error text NOT NULL, row_data jsonb,"
                    + " record text, created_at timestamptz NOT NULL, PRIMARY KEY (pipeline, letter_id))");
        }
    }

    void store(Connection c, DeadLetter letter) throws SQLException {
        boolean row = letter.table() != null;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified + " (pipeline, letter_id, table_name,"
                + " row_key, source_position, error, row_data, record, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (pipeline, letter_id) DO NOTHING")) {
            ps.setString(1, letter.pipeline());
            ps.setString(2, letter.id());
            ps.setString(3, letter.table());
            ps.setString(4, letter.key());
            ps.setString(5, letter.position());
            ps.setString(6, letter.error());
            ps.setString(7, row ? letter.row() : null);
            ps.setString(8, row ? null : letter.row());
            ps.setTimestamp(9, Timestamp.from(letter.at()));
            ps.executeUpdate();
        }
    }
}
