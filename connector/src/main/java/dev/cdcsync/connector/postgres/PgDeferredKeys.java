package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Primary keys set aside while a snapshot fills a table, and built once over its rows, as {@code pg_restore} does:
 * maintaining a B-tree row by row costs PostgreSQL about half as much again as the rows themselves, sorting once
 * at the end a fraction of that.
 *
 * <p>A table's key is set aside when its snapshot starts (the table emptied, every row after it new) if the key is
 * the table's only index, nothing references it, it is not part of an inheritance tree, and this user may alter
 * the table. Until it is added back, rows go in only as new rows, each read once from one snapshot, so the key
 * cannot find duplicates. It is added back, under its name and definition, in the transaction of the first batch
 * that brings the table anything else: a streamed change, or the empty batch the pipeline sends when the snapshot
 * ends or the source restarts (ChangeBuffer#endSnapshots). Keys an earlier run left set aside (it crashed mid-load)
 * are added back in the writer's first batch.
 *
 * <p>Durable: which keys are set aside is kept in {@value #TABLE}, one row per pipeline and table, in the same
 * transaction as the change to the table, and read when the pipeline's writer starts; {@link #describe} shows a
 * set-aside key as the table's own.
 */
final class PgDeferredKeys {

    private static final Logger LOG = LoggerFactory.getLogger(PgDeferredKeys.class);

    static final String TABLE = "cdc_sync_deferred_keys";

    /** A key set aside: its constraint's name, definition ({@code pg_get_constraintdef}) and columns in order. */
    private record Deferred(String constraint, String definition, List<String> columns) {
    }

    private final String schema;
    private final String pipeline;
    private final String qualified;
    /** Committed state, by quoted qualified table name. */
    private final Map<String, Deferred> deferred = new HashMap<>();
    /** What the transaction in progress has changed; adopted when it commits. */
    private final Map<String, Deferred> pendingDeferred = new HashMap<>();
    private final Set<String> pendingRestored = new HashSet<>();
    private boolean tableReady;
    private boolean pendingTableReady;
    /** Keys an earlier run left set aside, added back in the first batch. */
    private boolean restoreAllFirst;
    private boolean pendingFirstDone;

    PgDeferredKeys(String schema, String pipeline) {
        this.schema = schema;
        this.pipeline = pipeline;
        this.qualified = PgIdentifiers.quote(schema) + "." + PgIdentifiers.quote(TABLE);
    }

    /** Reads the keys an earlier run left set aside (a crash mid-load). */
    void load(Connection c) throws SQLException {
        deferred.clear();
        tableReady = exists(c);
        if (!tableReady) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name, constraint_name, definition, key_columns FROM " + qualified + " WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deferred.put(rs.getString(1), new Deferred(rs.getString(2), rs.getString(3), columns(rs, 4)));
                }
            }
        }
        restoreAllFirst = !deferred.isEmpty();
    }

    /** Whether the first snapshot of a table to set aside needs {@value #TABLE} created first (DDL, under its lock). */
    boolean needsTable(WriteBatch batch) {
        return !tableReady && batch.tables().stream().anyMatch(PgDeferredKeys::startsLoad);
    }

    void createTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + qualified + " (pipeline text NOT NULL, table_name text NOT NULL,"
                    + " constraint_name text NOT NULL, definition text NOT NULL, key_columns text[] NOT NULL,"
                    + " PRIMARY KEY (pipeline, table_name))");
        }
        pendingTableReady = true;
    }

    /**
     * In the batch's transaction, before its rows: adds back the keys this batch needs, and sets aside those of the
     * tables whose snapshot it starts. Call {@link #committed} after the commit, {@link #rolledBack} after a rollback.
     */
    void settle(Connection c, WriteBatch batch) throws SQLException {
        if (restoreAllFirst) {
            restoreAll(c);
            pendingFirstDone = true;
        }
        for (TableBatch t : batch.tables()) {
            String table = PgIdentifiers.table(schema, t.schema().id());
            if (isDeferred(table) && !onlyNewRows(t)) {
                restore(c, table);
            } else if (startsLoad(t) && !isDeferred(table)) {
                setAside(c, table);
            }
        }
    }

    /** Adds back a set-aside key before the table's definition changes (in the caller's transaction). */
    void restoreBeforeChange(Connection c, String table) throws SQLException {
        if (isDeferred(table)) {
            restore(c, table);
        }
    }

    /** Adds back every set-aside key in the caller's transaction (also one rolled back: a batch replayed row by row). */
    void restoreAll(Connection c) throws SQLException {
        for (String table : Set.copyOf(deferred.keySet())) {
            if (isDeferred(table)) {
                restore(c, table);
            }
        }
    }

    void committed() {
        tableReady |= pendingTableReady;
        restoreAllFirst &= !pendingFirstDone;
        pendingRestored.forEach(deferred::remove);
        deferred.putAll(pendingDeferred);
        rolledBack();
    }

    void rolledBack() {
        pendingTableReady = false;
        pendingFirstDone = false;
        pendingRestored.clear();
        pendingDeferred.clear();
    }

    /** The table as the writer's callers must see it: with its key while it is set aside. */
    TableSchema describe(TableSchema described) {
        Deferred key = deferred.get(PgIdentifiers.table(schema, described.id()));
        return key != null && described.primaryKey().isEmpty()
                ? new TableSchema(described.id(), described.columns(), key.columns())
                : described;
    }

    /**
     * Whether the table's key is aside, counting a key the transaction in progress added back. (A key it sets aside
     * is not asked about again in that transaction: a batch holds a table once, and DDL has a transaction of its own.)
     */
    private boolean isDeferred(String table) {
        return deferred.containsKey(table) && !pendingRestored.contains(table);
    }

    private static boolean startsLoad(TableBatch t) {
        return t.clearing() == TableBatch.Clearing.SNAPSHOT_START && t.newRows() && t.schema().hasPrimaryKey();
    }

    private static boolean onlyNewRows(TableBatch t) {
        return t.newRows() && t.clearing() != TableBatch.Clearing.TRUNCATE && t.deletes().isEmpty() && t.unkeyed().isEmpty();
    }

    private void setAside(Connection c, String table) throws SQLException {
        Deferred key = eligibleKey(c, table);
        if (key == null) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + PgIdentifiers.quote(key.constraint()));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + qualified
                + " (pipeline, table_name, constraint_name, definition, key_columns) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, pipeline);
            ps.setString(2, table);
            ps.setString(3, key.constraint());
            ps.setString(4, key.definition());
            ps.setArray(5, c.createArrayOf("text", key.columns().toArray()));
            ps.executeUpdate();
        }
        pendingDeferred.put(table, key);
    }

    private void restore(Connection c, String table) throws SQLException {
        Deferred key = deferred.get(table);
        long start = System.nanoTime();
        try (Statement st = c.createStatement()) {
            st.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + PgIdentifiers.quote(key.constraint()) + " "
                    + key.definition());
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + qualified + " WHERE pipeline = ? AND table_name = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, table);
            ps.executeUpdate();
        }
        pendingRestored.add(table);
        LOG.info("primary key {} of {} built over the loaded rows in {} ms", key.constraint(), table,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** The table's primary key when it may be set aside (see the class comment), else null. */
    private static Deferred eligibleKey(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT con.conname, pg_get_constraintdef(con.oid), ARRAY(SELECT a.attname
                    FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[]
                FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
                WHERE con.conrelid = to_regclass(?) AND con.contype = 'p' AND t.relkind = 'r'
                  AND pg_has_role(t.relowner, 'USAGE')
                  AND (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.oid) = 1
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.confrelid = t.oid)
                  AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhparent = t.oid OR h.inhrelid = t.oid)""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Deferred(rs.getString(1), rs.getString(2), columns(rs, 3)) : null;
            }
        }
    }

    private static List<String> columns(ResultSet rs, int column) throws SQLException {
        return List.of((String[]) rs.getArray(column).getArray());
    }

    private boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, qualified);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
