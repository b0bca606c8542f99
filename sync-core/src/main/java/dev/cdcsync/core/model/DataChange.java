package dev.cdcsync.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One row change. Rows are maps from column name to a normalized Java value (see
 * {@code dev.cdcsync.core.decode.ValueNormalizer}); a column that is <em>absent</em> from {@link #after}
 * was not sent by the source (an unchanged TOASTed value) and must be left as it is in the target,
 * while a column present with a null value is SQL NULL.
 *
 * @param op       what happened
 * @param table    the target table this change applies to
 * @param key      primary-key values, or null for a table without a primary key (and for truncates)
 * @param before   the old row when the source sent one, else null
 * @param after    the new row for reads, inserts and updates, else null
 * @param position where in the source log this change sits
 */
public record DataChange(Op op, TableId table, RowKey key, Map<String, Object> before,
                         Map<String, Object> after, SourcePosition position) {

    public enum Op {
        /** A row read by the initial snapshot. */
        READ,
        INSERT, UPDATE, DELETE,
        /** Every row of the table removed. */
        TRUNCATE;

        public boolean isUpsert() {
            return this == READ || this == INSERT || this == UPDATE;
        }
    }

    public DataChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(table, "table");
        if (op.isUpsert() && after == null) {
            throw new IllegalArgumentException(op + " without an after row for " + table);
        }
    }

    public DataChange withAfter(Map<String, Object> newAfter) {
        return new DataChange(op, table, key, before, newAfter, position);
    }

    public DataChange withTable(TableId newTable) {
        return new DataChange(op, newTable, key, before, after, position);
    }

    /** Table, key and position: what an operator needs to find the row. */
    public String describe() {
        return "table " + table + ", key " + (key == null ? "(none)" : key) + ", position " + position;
    }
}
