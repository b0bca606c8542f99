package dev.cdcsync.core.buffer;

import dev.cdcsync.core.buffer.TableBatch.Clearing;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.RowKey;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects changes per target table until the pipeline flushes. For a table with a primary key
 * only the last change per key survives; an update that lacks columns (unchanged TOAST values)
 * inherits them from the change it replaces, so coalescing never loses a value. A truncate or a
 * snapshot start discards what came before it for that table. Each change remembers its source partition, so
 * a revoked partition's changes can be dropped alone; this relies on every change of one row coming from one
 * partition (Debezium keys its records by primary key, and Kafka partitions by record key). Not thread-safe.
 */
public final class ChangeBuffer {

    private final Map<TableId, TableBuffer> tables = new LinkedHashMap<>();
    /**
     * Tables emptied by their snapshot's start that have had only snapshot rows since (see TableBatch#newRows), with
     * the schema their rows last came under.
     */
    private final Map<TableId, TableSchema> onlySnapshotRows = new HashMap<>();
    private int size;
    private TableId lastTable;
    private TableBuffer lastBuffer;

    /**
     * @param schema    the target schema the change's rows conform to (constant until the next drain)
     * @param partition the source partition the change came from
     */
    public void add(DataChange change, TableSchema schema, Object partition) {
        TableBuffer table = table(change.table(), schema);
        if (change.op() != Op.READ && table.fresh) { // fresh mirrors onlySnapshotRows: no set lookup per change
            onlySnapshotRows.remove(change.table());
            table.fresh = false;
        }
        size += table.add(new Held(change, partition));
    }

    /** The table's snapshot starts: whatever the target and this buffer hold for it is replaced. */
    public void startSnapshot(TableId table, TableSchema schema, Object partition) {
        onlySnapshotRows.put(table, schema);
        TableBuffer buffer = table(table, schema);
        size += buffer.clear(Clearing.SNAPSHOT_START, partition);
        buffer.fresh = true;
    }

    /** The source starts again: drops everything held, and no table counts as freshly emptied any more. */
    public void reset() {
        drain();
        endSnapshots();
    }

    /**
     * The source's snapshot is over: the tables it emptied take any change from now on. Each of them is in the next
     * drain with {@link TableBatch#newRows()} false, empty if nothing else came for it, so that a writer that loads
     * such a table its own way (a key built after the rows) knows the load has ended.
     */
    public void endSnapshots() {
        for (Map.Entry<TableId, TableSchema> fresh : onlySnapshotRows.entrySet()) {
            tables.computeIfAbsent(fresh.getKey(), id -> new TableBuffer(fresh.getValue(), false)).fresh = false;
        }
        onlySnapshotRows.clear();
        lastTable = null;
    }

    /** Rows of one table come in runs, under one TableId instance: its buffer is kept at hand. */
    private TableBuffer table(TableId table, TableSchema schema) {
        if (table != lastTable) {
            lastBuffer = tables.computeIfAbsent(table, id -> new TableBuffer(schema, onlySnapshotRows.containsKey(id)));
            if (lastBuffer.fresh) {
                onlySnapshotRows.put(table, schema);
            }
            lastTable = table;
        }
        return lastBuffer;
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

    /**
     * Drops the changes that came from these partitions, keeping the others'. A clearing from a revoked partition
     * goes too: the partition's new owner delivers it again.
     */
    public void dropPartitions(Collection<?> partitions) {
        size = 0;
        for (TableBuffer t : tables.values()) {
            t.drop(partitions);
            size += t.size();
        }
        tables.values().removeIf(t -> t.size() == 0);
        lastTable = null;
    }

    /** Everything buffered, per table in first-seen order; the buffer is empty afterwards. */
    public List<TableBatch> drain() {
        List<TableBatch> out = new ArrayList<>(tables.size());
        tables.values().forEach(t -> out.add(t.toBatch()));
        tables.clear();
        lastTable = null;
        size = 0;
        return out;
    }

    /**
     * @param lastRow the row's values as the last upsert of this buffer left them, kept past a delete (null if none):
     *                a delete's own old row may hold only the key, the other columns null
     */
    private record Held(DataChange change, Object partition, Map<String, Object> lastRow) {
        Held(DataChange change, Object partition) {
            this(change, partition, null);
        }
    }

    private static final class TableBuffer {
        private final TableSchema schema;
        private Clearing clearing = Clearing.NONE;
        private Object clearedBy;
        private final LinkedHashMap<RowKey, Held> byKey = new LinkedHashMap<>();
        private final List<Held> unkeyed = new ArrayList<>();
        /**
         * The table is in {@link ChangeBuffer#onlySnapshotRows} (kept with it, so the hot path asks no set): it was emptied by its
         * snapshot's start and has had only snapshot rows since. They go to
         * {@link #snapshotRows} as they come, unhashed, since a snapshot reads each row once. The first other change
         * moves them into {@link #byKey}.
         */
        private boolean fresh;
        private final List<Held> snapshotRows = new ArrayList<>();

        TableBuffer(TableSchema schema, boolean fresh) {
            this.schema = schema;
            this.fresh = fresh;
        }

        int size() {
            return byKey.size() + snapshotRows.size() + unkeyed.size() + (clearing != Clearing.NONE ? 1 : 0);
        }

        /** @return the change in the number of held changes */
        int clear(Clearing why, Object partition) {
            int before = size();
            byKey.clear();
            snapshotRows.clear();
            unkeyed.clear();
            clearing = why;
            clearedBy = partition;
            return size() - before;
        }

        int add(Held held) {
            DataChange change = held.change();
            if (change.op() == Op.TRUNCATE) {
                return clear(Clearing.TRUNCATE, held.partition());
            }
            if (change.key() == null) {
                unkeyed.add(held);
                return 1;
            }
            if (fresh && change.op() == Op.READ) {
                snapshotRows.add(held);
                return 1;
            }
            if (!snapshotRows.isEmpty()) {
                snapshotRows.forEach(h -> byKey.put(h.change().key(), new Held(h.change(), h.partition(), h.change().after())));
                snapshotRows.clear();
            }
            if (change.movedFrom() != null) {
                change = fromOldRow(change);
            }
            Held previous = byKey.remove(change.key());
            DataChange merged = inherit(previous == null ? null : previous.change(), change);
            Map<String, Object> lastRow = merged.op().isUpsert() ? merged.after() : previous == null ? null : previous.lastRow();
            byKey.put(change.key(), new Held(merged, held.partition(), lastRow));
            return previous == null ? 1 : 0;
        }

        /**
         * The upsert of a moved row (primary-key change) takes the columns the source left out from the old row when
         * this buffer holds its last values (past the delete that ended it); otherwise the writer must.
         */
        private DataChange fromOldRow(DataChange moved) {
            Set<String> missing = new HashSet<>();
            schema.columns().forEach(c -> missing.add(c.name()));
            missing.removeAll(moved.after().keySet());
            if (missing.isEmpty()) {
                return moved.settled();
            }
            Held old = byKey.get(moved.movedFrom());
            Map<String, Object> oldRow = old == null ? null : old.lastRow();
            if (oldRow == null || !oldRow.keySet().containsAll(missing)) {
                return moved;
            }
            Map<String, Object> complete = new LinkedHashMap<>(moved.after());
            missing.forEach(c -> complete.put(c, oldRow.get(c)));
            return moved.withAfter(complete).settled();
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

        void drop(Collection<?> partitions) {
            byKey.values().removeIf(h -> partitions.contains(h.partition()));
            snapshotRows.removeIf(h -> partitions.contains(h.partition()));
            unkeyed.removeIf(h -> partitions.contains(h.partition()));
            if (clearing != Clearing.NONE && partitions.contains(clearedBy)) {
                clearing = Clearing.NONE;
            }
        }

        /** Its upserts are new rows while the table is fresh (see TableBatch#newRows). */
        TableBatch toBatch() {
            List<DataChange> deletes = new ArrayList<>();
            List<DataChange> upserts = new ArrayList<>(byKey.size() + snapshotRows.size());
            for (Held h : snapshotRows) {
                upserts.add(h.change());
            }
            for (Held h : byKey.values()) {
                (h.change().op() == Op.DELETE ? deletes : upserts).add(h.change());
            }
            return new TableBatch(schema, clearing, deletes, upserts, unkeyed.stream().map(Held::change).toList(),
                    fresh);
        }
    }
}
