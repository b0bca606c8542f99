package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.CheckpointCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint table in the target: one row per (pipeline, source partition), written in the same transaction
 * as the data it covers, so the target never holds data without its checkpoint or the reverse. A batch upserts
 * only the partitions it moved; other partitions' rows (another Kafka Connect task's) stay as they are.
 * Checkpoints of cdc-sync before per-partition rows ({@value #LEGACY}, one row per pipeline) are read when the
 * new table has none for a pipeline.
 */
final class PgCheckpoints {

    static final String TABLE = "cdc_sync_offsets";
    static final String LEGACY = "cdc_sync_checkpoints";

    private final String schema;
    private final String qualified;

    PgCheckpoints(String schema) {
        this.schema = schema;
        this.qualified = PgIdentifiers.quote(schema) + "." + PgIdentifiers.quote(TABLE);
    }

    void createIfMissing(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified + " (pipeline text NOT NULL, source_partition text NOT NULL,"
                    + " source_offset text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),"
                    + " PRIMARY KEY (pipeline, source_partition))");
        }
    }

    void save(Connection c, String pipeline, Checkpoint checkpoint) throws SQLException {
        if (checkpoint.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified
                + " (pipeline, source_partition, source_offset, updated_at) VALUES (?, ?, ?, now())"
                + " ON CONFLICT (pipeline, source_partition) DO UPDATE SET source_offset = EXCLUDED.source_offset,"
                + " updated_at = EXCLUDED.updated_at")) {
            for (Checkpoint.Entry e : checkpoint.entries()) { // usually one: an embedded engine has one partition
                ps.setString(1, pipeline);
                ps.setString(2, CheckpointCodec.partitionJson(e.partition()));
                ps.setString(3, CheckpointCodec.offsetJson(e.offset()));
                ps.executeUpdate();
            }
        }
    }

    Checkpoint load(Connection c, String pipeline) throws SQLException {
        List<Checkpoint.Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT source_partition, source_offset FROM " + qualified
                + " WHERE pipeline = ? ORDER BY source_partition")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(CheckpointCodec.entry(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return entries.isEmpty() ? legacy(c, pipeline) : new Checkpoint(entries);
    }

    private Checkpoint legacy(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?)")) {
            exists.setString(1, PgIdentifiers.quote(schema) + "." + PgIdentifiers.quote(LEGACY));
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return Checkpoint.EMPTY;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint FROM " + PgIdentifiers.quote(schema) + "."
                + PgIdentifiers.quote(LEGACY) + " WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? CheckpointCodec.fromJson(rs.getString(1)) : Checkpoint.EMPTY;
            }
        }
    }
}
