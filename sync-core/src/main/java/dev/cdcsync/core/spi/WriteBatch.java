package dev.cdcsync.core.spi;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import java.util.List;
import java.util.Optional;

/**
 * What one flush hands a writer: the coalesced changes of every table and the checkpoint that
 * covers exactly them. {@code tables} may be empty (a checkpoint-only batch, e.g. after heartbeats).
 *
 * @param oldestUnsettled no batch handed over before this one is still unsettled: a writer that refuses the writes
 *                        handed over after a failed one (see {@link WriterCapabilities#batchesInFlight}) writes this
 *                        one, since it is the failed batch written again or comes after every earlier batch settled
 */
public record WriteBatch(String pipeline, List<TableBatch> tables, Checkpoint checkpoint, boolean oldestUnsettled) {

    public WriteBatch {
        tables = List.copyOf(tables);
    }

    /** A batch that may have unsettled batches before it. */
    public WriteBatch(String pipeline, List<TableBatch> tables, Checkpoint checkpoint) {
        this(pipeline, tables, checkpoint, false);
    }

    /** The same batch, as the oldest one not yet settled. */
    public WriteBatch asOldestUnsettled() {
        return oldestUnsettled ? this : new WriteBatch(pipeline, tables, checkpoint, true);
    }

    /** This batch without one change it holds (a row the target refused, set aside); empty if it holds no such change. */
    public Optional<WriteBatch> without(DataChange change) {
        if (tables.stream().noneMatch(t -> t.holds(change))) {
            return Optional.empty();
        }
        return Optional.of(new WriteBatch(pipeline, tables.stream().map(t -> t.holds(change) ? t.without(change) : t)
                .toList(), checkpoint, oldestUnsettled));
    }

    /**
     * Whether this is the very batch {@code other} is, handed over again (perhaps marked {@link #oldestUnsettled} since):
     * the same changes and checkpoint objects. A batch without a refused row is another batch.
     */
    public boolean sameAs(WriteBatch other) {
        return other != null && tables == other.tables && checkpoint == other.checkpoint;
    }

    public int rows() {
        return tables.stream().mapToInt(TableBatch::size).sum();
    }
}
