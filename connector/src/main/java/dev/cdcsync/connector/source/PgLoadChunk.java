package dev.cdcsync.connector.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One unit of an initial load's reading: blocks {@code [start, end)} of a table ({@code end} -1: to its end), read by
 * one connection with a TID range scan. Chunks are also the unit of resumption: a table's checkpoint entry names the
 * first chunk not yet loaded.
 *
 * @param index the chunk's place in the load's plan
 * @param last  whether it is the table's last chunk (open-ended, so rows in blocks the table grew into are read too)
 */
record PgLoadChunk(int index, PgLoadCatalog table, long start, long end, boolean last) {

    /** Rows per chunk: what a crash makes the load read again, at most, per connection. */
    static final long ROWS = 100_000;

    /** The block the table's load goes on from once this chunk and all before it are loaded. */
    long next() {
        return last ? PgLoadProgress.DONE : end;
    }

    /** The {@code WHERE} of the chunk's scan ("" for a whole table). */
    String where() {
        return start == 0 && end < 0 ? "" : " WHERE ctid >= '(" + start + ",0)'::tid"
                + (end < 0 ? "" : " AND ctid < '(" + end + ",0)'::tid");
    }

    /**
     * The chunks of every table from its first block not yet loaded, table by table, of about {@link #ROWS} rows
     * each by the table's statistics (chunks only need to be roughly even).
     */
    static List<PgLoadChunk> plan(Connection c, List<PgLoadCatalog> tables, ToLongFunction<PgLoadCatalog> from)
            throws SQLException {
        List<PgLoadChunk> chunks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_relation_size(c.oid) / current_setting('block_size')::int,"
                + " CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN ceil(c.reltuples / c.relpages) ELSE 60 END"
                + " FROM pg_class c WHERE c.oid = ?::regclass")) {
            for (PgLoadCatalog table : tables) {
                long start = from.applyAsLong(table);
                if (start == PgLoadProgress.DONE) {
                    continue;
                }
                ps.setString(1, PgCatalog.quote(table.schema().id()));
                long blocks;
                long step;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    blocks = rs.getLong(1);
                    step = Math.max(1, ROWS / Math.max(1, rs.getLong(2)));
                }
                for (; ; start += step) {
                    boolean last = start + step >= blocks;
                    chunks.add(new PgLoadChunk(chunks.size(), table, start, last ? -1 : start + step, last));
                    if (last) {
                        break;
                    }
                }
            }
        }
        return chunks;
    }
}
