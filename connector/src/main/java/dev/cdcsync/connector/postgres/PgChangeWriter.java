package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowValues;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.spi.RowRejectedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one table's coalesced changes on a connection inside the caller's transaction:
 * TRUNCATE, then the old values of moved rows carried to their new keys, then multi-row DELETE by key, then multi-row INSERT .. ON CONFLICT DO UPDATE
 * (grouped by the set of columns present, so unchanged TOAST columns are never written), then
 * the changes of a key-less table in source order.
 */
final class PgChangeWriter {

    /** PostgreSQL's bind-parameter limit is 65535 per statement; stay well below it. */
    private static final int MAX_PARAMS = 32_000;
    private static final int MAX_ROWS_PER_STATEMENT = 1_000;

    /** Below this many rows a multi-row INSERT is as cheap as COPY into a staging table. */
    private static final int STAGED_MIN_ROWS = 64;

    private final String schema;
    private final PgStagedUpsert staged;

    PgChangeWriter(String schema) {
        this.schema = schema;
        this.staged = new PgStagedUpsert(schema);
    }

    /** Called after the target table's definition changed. */
    void tableChanged(Connection c, dev.cdcsync.core.model.TableId table) throws SQLException {
        staged.forget(c, table);
    }

    /** The transaction committed: what it created (staging tables) lives on in the session. */
    void committed() {
        staged.committed();
    }

    /** The transaction rolled back, taking what it created with it. */
    void rolledBack() {
        staged.rolledBack();
    }

    void write(Connection c, TableBatch batch) throws SQLException {
        String table = PgIdentifiers.table(schema, batch.schema().id());
        if (batch.clearsFirst()) { // a source truncate, or a snapshot (re)starting: both replace the table's content
            try (Statement st = c.createStatement()) {
                st.execute("TRUNCATE TABLE " + table);
            }
        }
        movedRows(c, table, batch.schema(), batch.upserts());
        deletes(c, table, batch.schema().primaryKey(), batch.deletes());
        for (Map.Entry<List<String>, List<Map<String, Object>>> group : byColumns(batch.upserts()).entrySet()) {
            List<String> columns = group.getKey();
            List<String> key = batch.schema().primaryKey();
            if (batch.newRows() && group.getValue().size() >= STAGED_MIN_ROWS) {
                staged.insert(c, batch.schema().id(), columns, group.getValue()); // rows the table does not hold: COPY
            } else if (batch.newRows()) { // a plain INSERT: the table's key may be set aside (PgDeferredKeys)
                rows(c, columns, group.getValue(), n -> PgStatements.insert(table, columns, n));
            } else if (group.getValue().size() >= STAGED_MIN_ROWS) {
                staged.upsert(c, batch.schema().id(), columns, key, group.getValue());
            } else {
                rows(c, columns, group.getValue(), n -> PgStatements.upsert(table, columns, key, n));
            }
        }
        for (DataChange change : batch.unkeyed()) {
            unkeyed(c, table, batch.schema(), change);
        }
    }

    /**
     * Rows moved to a new key without the columns the source did not resend (unchanged TOAST values): those are
     * copied from the row under the old key first, before the deletes remove it; the upsert then sets the rest.
     */
    private static void movedRows(Connection c, String table, TableSchema schema, List<DataChange> upserts)
            throws SQLException {
        for (DataChange moved : upserts) {
            if (moved.movedFrom() == null) {
                continue;
            }
            List<String> carried = schema.columns().stream().map(Column::name).filter(n -> !moved.after().containsKey(n)).toList();
            List<String> key = schema.primaryKey();
            List<Column> keyColumns = key.stream().map(k -> schema.column(k).orElseThrow()).toList();
            String sql = PgStatements.copyMoved(table, key, keyColumns.stream().map(col -> PgTypes.toPg(col.type())).toList(),
                    carried);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (String k : key) {
                    PgValues.bind(ps, p++, moved.after().get(k));
                }
                for (int i = 0; i < key.size(); i++) {
                    Object old = moved.movedFrom().values().get(i);
                    boolean bytes = keyColumns.get(i).type().kind() == ColumnType.Kind.BYTES && old instanceof String;
                    PgValues.bind(ps, p++, bytes ? HexFormat.of().parseHex((String) old) : old); // keys hold bytes as hex
                }
                if (ps.executeUpdate() == 0) {
                    throw new RowRejectedException(moved, "the row moved from key " + moved.movedFrom() + ", and the source"
                            + " did not resend its unchanged column(s) " + carried + ", but the target has no row under the"
                            + " old key to take them from; resynchronize the table (snapshot: when_needed after dropping"
                            + " the slot, or a new pipeline)", null);
                }
            }
        }
    }

    private void deletes(Connection c, String table, List<String> key, List<DataChange> deletes) throws SQLException {
        List<Map<String, Object>> keys = new ArrayList<>(deletes.size());
        for (DataChange d : deletes) {
            keys.add(d.before());
        }
        rows(c, key, keys, n -> PgStatements.deleteByKeys(table, key, n));
    }

    private interface SqlForRows {
        String sql(int rows);
    }

    /** Executes in chunks of equal size so PostgreSQL can reuse the prepared statement. */
    private static void rows(Connection c, List<String> columns, List<Map<String, Object>> rows, SqlForRows sql)
            throws SQLException {
        int chunk = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PARAMS / Math.max(1, columns.size())));
        for (int from = 0; from < rows.size(); from += chunk) {
            int n = Math.min(chunk, rows.size() - from);
            try (PreparedStatement ps = c.prepareStatement(sql.sql(n))) {
                int p = 1;
                for (int r = from; r < from + n; r++) {
                    Map<String, Object> row = rows.get(r);
                    for (String col : columns) {
                        PgValues.bind(ps, p++, row.get(col));
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    private static Map<List<String>, List<Map<String, Object>>> byColumns(List<DataChange> upserts) {
        Map<List<String>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
        List<String> lastColumns = null;
        Map<String, Object> lastRow = null;
        List<Map<String, Object>> lastGroup = null;
        for (DataChange u : upserts) {
            Map<String, Object> row = u.after();
            // Rows of one table almost always share the column set; compare before allocating a key.
            if (lastColumns == null || !RowValues.sameColumns(lastRow, row) && !sameKeys(lastColumns, row)) {
                lastColumns = List.copyOf(row.keySet());
                lastGroup = groups.computeIfAbsent(lastColumns, k -> new ArrayList<>(upserts.size()));
            }
            lastRow = row;
            lastGroup.add(row);
        }
        return groups;
    }

    private static boolean sameKeys(List<String> columns, Map<String, Object> row) {
        if (columns.size() != row.size()) {
            return false;
        }
        int i = 0;
        for (String k : row.keySet()) {
            if (!k.equals(columns.get(i++))) {
                return false;
            }
        }
        return true;
    }

    private static void unkeyed(Connection c, String table, TableSchema schema, DataChange change) throws SQLException {
        if (change.op() == Op.READ || change.op() == Op.INSERT) {
            List<String> columns = List.copyOf(change.after().keySet());
            rows(c, columns, List.of(change.after()), n -> PgStatements.insert(table, columns, n));
            return;
        }
        if (change.before() == null) {
            throw new RowRejectedException(change, "an " + change.op() + " of a table without a primary key carries no old"
                    + " row to find the target row by (at a PostgreSQL source: ALTER TABLE .. REPLICA IDENTITY FULL)", null);
        }
        List<String> match = List.copyOf(change.before().keySet());
        List<String> types = match.stream().map(name -> schema.column(name).map(col -> PgTypes.toPg(col.type()))
                .orElse("text")).toList();
        String one = PgStatements.matchOne(table, match, types);
        List<String> set = change.op() == Op.UPDATE ? List.copyOf(change.after().keySet()) : List.of();
        String sql = change.op() == Op.UPDATE ? PgStatements.updateOne(table, set, one) : PgStatements.deleteOne(table, one);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (String col : set) {
                PgValues.bind(ps, p++, change.after().get(col));
            }
            for (String col : match) {
                PgValues.bind(ps, p++, change.before().get(col));
            }
            ps.executeUpdate();
        }
    }
}
