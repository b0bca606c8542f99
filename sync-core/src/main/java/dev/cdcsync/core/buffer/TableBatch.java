package dev.cdcsync.core.buffer;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.TableSchema;
import java.util.List;

/**
 * The coalesced changes of one table, in the order a writer must apply them:
 * the clearing (if any), then the deletes, then the upserts, then the changes of a table without
 * a primary key, which cannot be coalesced and keep their source order.
 * Keys are unique across {@link #deletes} and {@link #upserts}, so those two commute.
 *
 * @param schema  the target table's schema every row here conforms to
 * @param newRows the upserts are rows the target does not hold: the table was emptied as its snapshot started (in
 *                this batch or an earlier one since the source last started) and nothing but snapshot rows, each read
 *                once, came for it since. A writer may insert them without looking for existing rows (a bulk path).
 */
public record TableBatch(TableSchema schema, Clearing clearing, List<DataChange> deletes,
                         List<DataChange> upserts, List<DataChange> unkeyed, boolean newRows) {

    public TableBatch(TableSchema schema, Clearing clearing, List<DataChange> deletes, List<DataChange> upserts,
                      List<DataChange> unkeyed) {
        this(schema, clearing, deletes, upserts, unkeyed, false);
    }

    /** Whether the table's earlier content goes before this batch's changes, and why. */
    public enum Clearing {
        NONE,
        /** The source truncated the table. */
        TRUNCATE,
        /** The table's snapshot starts: what the target held is replaced by the snapshot's rows (a re-run appends nothing). */
        SNAPSHOT_START
    }

    public TableBatch {
        deletes = List.copyOf(deletes);
        upserts = List.copyOf(upserts);
        unkeyed = List.copyOf(unkeyed);
    }

    public boolean clearsFirst() {
        return clearing != Clearing.NONE;
    }

    /** Whether this batch holds this very change (the object, as a writer names it when the target refuses it). */
    public boolean holds(DataChange change) {
        return containsSame(deletes, change) || containsSame(upserts, change) || containsSame(unkeyed, change);
    }

    /** This batch without that change. */
    public TableBatch without(DataChange change) {
        return new TableBatch(schema, clearing, withoutSame(deletes, change), withoutSame(upserts, change),
                withoutSame(unkeyed, change), newRows);
    }

    private static boolean containsSame(List<DataChange> changes, DataChange change) {
        return changes.stream().anyMatch(c -> c == change);
    }

    private static List<DataChange> withoutSame(List<DataChange> changes, DataChange change) {
        return containsSame(changes, change) ? changes.stream().filter(c -> c != change).toList() : changes;
    }

    public int size() {
        return deletes.size() + upserts.size() + unkeyed.size() + (clearsFirst() ? 1 : 0);
    }
}
