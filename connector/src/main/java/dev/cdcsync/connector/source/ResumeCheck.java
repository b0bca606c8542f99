package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.SourcePosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a PostgreSQL connector starts: does the replication slot fit what comes next?
 * <ul>
 *   <li>A checkpoint that streams on needs its slot; a missing one would be created afresh and silently
 *       skip every change since the checkpoint, so the pipeline stops (or, with {@code snapshot: when_needed},
 *       starts over with a snapshot).</li>
 *   <li>A snapshot about to run (first start, a snapshot cut short by a crash, {@code always}) needs a new
 *       slot: only a slot created with it gives the snapshot and the stream one consistent starting point.
 *       Reusing an old slot replays changes the snapshot already holds, doubling rows of tables without a key.</li>
 * </ul>
 * (For a purged binlog, see {@link BinlogResumeCheck}.)
 */
final class ResumeCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ResumeCheck.class);

    private ResumeCheck() {
    }

    /**
     * @return the checkpoint to resume from: the committed one, or empty when the pipeline must start over
     * @throws IllegalStateException with what happened and how to resync, when the checkpoint cannot be honoured
     */
    static Optional<Checkpoint> verify(PostgresSourceSettings pg, String pipeline, Optional<Checkpoint> committed) {
        String slot = pg.connectorProperties(pipeline).get("slot.name");
        Optional<Checkpoint> checkpoint = committed.map(PgLoadProgress::live).filter(c -> !c.isEmpty());
        if (pg.copyLoad()) {
            Optional<Checkpoint> resumable = copyLoadResumes(pg, slot, checkpoint);
            if (resumable.isEmpty() || PgLoadProgress.inProgress(resumable.get())) {
                return resumable;
            }
        }
        boolean snapshotNext = checkpoint.isEmpty() ? !pg.snapshot().equals("never")
                : snapshotInProgress(checkpoint.get()) || pg.snapshot().equals("always");
        if (snapshotNext) {
            dropSlot(pg, slot);
            return checkpoint;
        }
        if (checkpoint.isEmpty() || slotExists(pg, slot)) {
            return checkpoint;
        }
        String lost = "replication slot '" + slot + "' that the checkpoint of pipeline '" + pipeline
                + "' resumes from no longer exists at " + pg.host() + ":" + pg.port() + "/" + pg.database()
                + ": the changes since " + PgLoadProgress.streamEntry(checkpoint.get()).map(e -> e.offset().get("lsn"))
                .map(lsn -> lsn instanceof Number n ? SourcePosition.pgLsn(n.longValue()) : String.valueOf(lsn))
                .orElse("the checkpoint") + " are gone from the source";
        if (pg.snapshot().equals("when_needed")) {
            LOG.warn("{}. snapshot: when_needed, so the pipeline starts over with a snapshot that replaces each table's rows", lost);
            return Optional.empty();
        }
        throw new IllegalStateException(lost + ". To resynchronize the target, set source.snapshot: when_needed (a new"
                + " snapshot replaces each table's rows) and start again.");
    }

    /**
     * With the COPY load: a start from nothing (or with {@code always}) drops the slot, which the load creates anew; a
     * load cut short resumes while its slot holds the changes since it began, and starts over when the slot is gone.
     * Otherwise (a complete load) the checkpoint is checked as a streaming one.
     */
    private static Optional<Checkpoint> copyLoadResumes(PostgresSourceSettings pg, String slot,
                                                       Optional<Checkpoint> checkpoint) {
        if (checkpoint.isEmpty() || pg.snapshot().equals("always")) {
            dropSlot(pg, slot);
            return Optional.empty();
        }
        if (!PgLoadProgress.inProgress(checkpoint.get())) {
            return checkpoint;
        }
        if (slotExists(pg, slot)) {
            return checkpoint;
        }
        LOG.warn("replication slot '{}' of the initial load that was cut short is gone: the load starts over", slot);
        return Optional.empty();
    }

    /** A checkpoint taken during a snapshot (Debezium marks its offsets): the snapshot restarts anyway. */
    static boolean snapshotInProgress(Checkpoint checkpoint) {
        return checkpoint.entries().stream().anyMatch(e -> e.offset().get("snapshot") != null
                && !"false".equals(String.valueOf(e.offset().get("snapshot")))
                && !Boolean.TRUE.equals(e.offset().get("snapshot_completed"))
                && !Boolean.TRUE.equals(e.offset().get("last_snapshot_record")));
    }

    static void dropSlot(PostgresSourceSettings pg, String slot) {
        try (Connection c = pg.connect()) {
            for (int attempt = 1; ; attempt++) {
                Optional<Boolean> active = slotActive(c, slot);
                if (active.isEmpty()) {
                    return;
                }
                if (!active.get()) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                        ps.setString(1, slot);
                        ps.execute();
                    }
                    LOG.info("replication slot '{}' dropped: the snapshot about to run creates it anew, consistent with it", slot);
                    return;
                }
                if (attempt == 30) { // a killed daemon's WAL sender lingers until the server notices; another daemon would not go
                    throw new IllegalStateException("replication slot '" + slot + "' is in use by another connection: is"
                            + " another cdc-sync running this pipeline? (see pg_replication_slots.active_pid)");
                }
                Thread.sleep(1000);
            }
        } catch (SQLException e) {
            throw unreachableOr(pg, e, "cannot drop replication slot '" + slot + "' before the snapshot");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Optional<Boolean> slotActive(Connection c, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBoolean(1)) : Optional.empty();
            }
        }
    }

    private static boolean slotExists(PostgresSourceSettings pg, String slot) {
        try (Connection c = pg.connect()) {
            return slotActive(c, slot).isPresent();
        } catch (SQLException e) {
            throw unreachableOr(pg, e, "cannot check replication slot '" + slot + "'");
        }
    }

    private static RuntimeException unreachableOr(PostgresSourceSettings pg, SQLException e, String what) {
        return SourceUnreachableException.unreachableOr(e, pg.host() + ":" + pg.port(),
                what + ": " + e.getMessage() + " (the user needs the REPLICATION attribute)");
    }
}
