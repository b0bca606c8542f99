package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.Column;
import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.TableSchema;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code deletes: soft}: a deleted row stays in the target, marked. Every table gets two columns, {@value #DELETED}
 * (false on every written row) and {@value #DELETED_AT} (when the source committed the delete); a delete becomes an
 * update setting both, leaving the row's other values as they were. A row inserted again under the same key is live
 * again. Done here, once, so every writer gets it the same way. A truncate still empties the table.
 */
final class SoftDeletes {

    static final String DELETED = "__deleted";
    static final String DELETED_AT = "__deleted_at";
    private static final Column DELETED_COLUMN = new Column(DELETED, ColumnType.of(ColumnType.Kind.BOOLEAN), true);
    private static final Column DELETED_AT_COLUMN = new Column(DELETED_AT, ColumnType.of(ColumnType.Kind.TIMESTAMP_TZ, 3), true);

    /** Extended schemas by the source schema they extend: the schema tracker compares schemas by identity. */
    private final Map<TableSchema, TableSchema> extended = new IdentityHashMap<>();

    TableSchema schema(TableSchema source) {
        return extended.computeIfAbsent(source, s -> {
            if (s.column(DELETED).isPresent() || s.column(DELETED_AT).isPresent()) {
                throw new IllegalStateException("table " + s.id() + " has a column named " + DELETED + " or " + DELETED_AT
                        + ", which deletes: soft adds; rename it at the source or use deletes: hard");
            }
            return s.withColumn(DELETED_COLUMN).withColumn(DELETED_AT_COLUMN);
        });
    }

    /** @param schema the source table's schema (it names the key columns) */
    DataChange change(DataChange change, TableSchema schema) {
        if (change.op().isUpsert()) {
            Map<String, Object> after = new LinkedHashMap<>(change.after());
            after.put(DELETED, false);
            after.put(DELETED_AT, null);
            return change.withAfter(after);
        }
        if (change.op() != Op.DELETE) {
            return change;
        }
        long ms = change.position().sourceTimeMs();
        OffsetDateTime at = (ms > 0 ? Instant.ofEpochMilli(ms) : Instant.now()).atOffset(ZoneOffset.UTC);
        // A keyed row keeps its other values (only the key and the marks are sent); a key-less one is found by them.
        Map<String, Object> after = new LinkedHashMap<>(change.key() != null ? keyOnly(change, schema) : change.before());
        after.put(DELETED, true);
        after.put(DELETED_AT, at);
        return new DataChange(Op.UPDATE, change.table(), change.key(), change.before(), after, change.position());
    }

    /** The key columns of a delete's old row: its other values may be NULLs the source filled in (PostgreSQL). */
    private static Map<String, Object> keyOnly(DataChange delete, TableSchema schema) {
        Map<String, Object> key = new LinkedHashMap<>();
        schema.primaryKey().forEach(column -> key.put(column, delete.before().get(column)));
        return key;
    }
}
