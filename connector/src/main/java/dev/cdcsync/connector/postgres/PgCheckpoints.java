package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The checkpoint table in the target: one row per pipeline, written in the same transaction as the
 * data it covers, so the target never holds data without its checkpoint or the reverse.
 */
final class PgCheckpoints {

    static final String TABLE = "cdc_sync_checkpoints";

    private final String qualified;

    PgCheckpoints(String schema) {
        this.qualified = PgIdentifiers.quote(schema) + "." + PgIdentifiers.quote(TABLE);
    }

    void createIfMissing(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified
                    + " (pipeline text PRIMARY KEY, checkpoint text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
        }
    }

    void save(Connection c, String pipeline, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified
                + " (pipeline, checkpoint, updated_at) VALUES (?, ?, now())"
                + " ON CONFLICT (pipeline) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at")) {
            ps.setString(1, pipeline);
            ps.setString(2, CheckpointCodec.toJson(checkpoint));
            ps.executeUpdate();
        }
    }

    Optional<Checkpoint> load(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint FROM " + qualified + " WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(CheckpointCodec.fromJson(rs.getString(1))) : Optional.empty();
            }
        }
    }
}
