package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A PostgreSQL source's WAL position, the slot's retained WAL, and the planner's row estimates. */
final class PgSourceLag {

    private PgSourceLag() {
    }

    static SourceLag of(PostgresSourceSettings source, String slot, Checkpoint checkpoint) throws SQLException {
        Object lsn = PgLoadProgress.streamEntry(checkpoint).map(e -> e.offset().get("lsn")).orElse(null);
        try (Connection c = source.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT pg_current_wal_lsn()::text, pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)::bigint,"
                        + " (SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots"
                        + " WHERE slot_name = ?)")) {
            st.setObject(1, lsn == null ? null : SourcePosition.pgLsn(((Number) lsn).longValue()));
            st.setString(2, slot);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long behind = lsn == null ? -1 : Math.max(0, rs.getLong(2));
                long retained = rs.getObject(3) == null ? -1 : rs.getLong(3);
                return new SourceLag("lsn=" + rs.getString(1), behind, retained);
            }
        }
    }

    static Map<TableId, Long> estimatedRows(PostgresSourceSettings source, List<TableId> tables) throws SQLException {
        Map<TableId, Long> out = new LinkedHashMap<>();
        try (Connection c = source.connect(); PreparedStatement st = c.prepareStatement(
                "SELECT CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = ? AND c.relname = ?")) {
            for (TableId t : tables) {
                st.setString(1, t.namespace() == null ? "public" : t.namespace());
                st.setString(2, t.name());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) { // never analyzed: no estimate
                        out.put(t, rs.getLong(1));
                    }
                }
            }
        }
        return out;
    }
}
