package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Before a pipeline resumes from its checkpoint: is the source log it needs still there? A missing
 * PostgreSQL slot would otherwise be created afresh and silently skip every change since the checkpoint.
 * (For a purged binlog, Debezium's MySQL/MariaDB connectors stop with their own clear message.)
 */
final class ResumeCheck {

    private ResumeCheck() {
    }

    /** @throws IllegalStateException with what happened and how to resync, when the checkpoint cannot be honoured */
    static void verify(DebeziumSourceSettings source, String pipeline, Checkpoint checkpoint) {
        if (!(source instanceof PostgresSourceSettings pg) || checkpoint.isEmpty() || snapshotting(checkpoint)
                || !pg.snapshot().equals("initial") && !pg.snapshot().equals("never")) {
            return;
        }
        String slot = pg.connectorProperties(pipeline).get("slot.name");
        if (!slotExists(pg, slot)) {
            throw new IllegalStateException("replication slot '" + slot + "' that the checkpoint of pipeline '" + pipeline
                    + "' resumes from no longer exists at " + pg.host() + ":" + pg.port() + "/" + pg.database()
                    + ": the changes since " + checkpoint.entries().get(0).offset().get("lsn")
                    + " are gone from the source. To resynchronize the target, run once with source.snapshot: always"
                    + " (the snapshot replaces each table's rows), then go back to initial.");
        }
    }

    /** A checkpoint taken during the initial snapshot: the snapshot restarts anyway. */
    private static boolean snapshotting(Checkpoint checkpoint) {
        return checkpoint.entries().stream().anyMatch(e -> Boolean.TRUE.equals(e.offset().get("snapshot"))
                && !Boolean.TRUE.equals(e.offset().get("last_snapshot_record")));
    }

    private static boolean slotExists(PostgresSourceSettings pg, String slot) {
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            return true; // cannot tell: let the connector report the connection problem itself
        }
    }
}
