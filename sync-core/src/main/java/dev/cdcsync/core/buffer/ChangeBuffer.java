package dev.cdcsync.core.buffer;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects changes per target table until the pipeline flushes. For a table with a primary key
 * only the last change per key survives; an update that lacks columns (unchanged TOAST values)
 * inherits them from the change it replaces, so coalescing never loses a value. A truncate
 * discards what came before it for that table. Not thread-safe.
 */
public final class ChangeBuffer {

    private final Map<TableId, TableBuffer> tables = new LinkedHashMap<>();
    private int size;

    /** @param schema the target schema the change's rows conform to (constant until the next drain) */
    public void add(DataChange change, TableSchema schema) {
        TableBuffer t = tables.computeIfAbsent(change.table(), id -> new TableBuffer(schema));
        size += t.add(change);
    }

    /** Changes held, after coalescing. */
    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Whether changes of this table are held. */
    public boolean holds(TableId table) {
        return tables.containsKey(table);
    }

    /** Everything buffered, per table in first-seen order; the buffer is empty afterwards. */
    public List<TableBatch> drain() {
        List<TableBatch> out = new ArrayList<>(tables.size());
        for (TableBuffer t : tables.values()) {
            out.add(t.toBatch());
        }
        tables.clear();
        size = 0;
        return out;
    }

    private static final class TableBuffer {
        private final TableSchema schema;
        private boolean truncated;
        private final LinkedHashMap<RowKey, DataChange> byKey = new LinkedHashMap<>();
        private final List<DataChange> unkeyed = new ArrayList<>();

        TableBuffer(TableSchema schema) {
            this.schema = schema;
        }

        /** @return the change in the number of held changes */
        int add(DataChange change) {
            if (change.op() == Op.TRUNCATE) {
                int dropped = byKey.size() + unkeyed.size() + (truncated ? 1 : 0);
                byKey.clear();
                unkeyed.clear();
                truncated = true;
                return 1 - dropped;
            }
            if (change.key() == null) {
                unkeyed.add(change);
                return 1;
            }
            DataChange previous = byKey.remove(change.key());
            byKey.put(change.key(), inherit(previous, change));
            return previous == null ? 1 : 0;
        }

        private static DataChange inherit(DataChange previous, DataChange change) {
            if (previous == null || !previous.op().isUpsert() || !change.op().isUpsert()
                    || change.after().keySet().containsAll(previous.after().keySet())) {
                return change;
            }
            Map<String, Object> merged = new LinkedHashMap<>(previous.after());
            merged.putAll(change.after());
            return change.withAfter(merged);
        }

        TableBatch toBatch() {
            List<DataChange> deletes = new ArrayList<>();
            List<DataChange> upserts = new ArrayList<>(byKey.size());
            for (DataChange c : byKey.values()) {
                (c.op() == Op.DELETE ? deletes : upserts).add(c);
            }
            return new TableBatch(schema, truncated, deletes, upserts, unkeyed);
        }
    }
}
