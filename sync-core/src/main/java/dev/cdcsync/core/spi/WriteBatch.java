package dev.cdcsync.core.spi;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import java.util.List;
import java.util.Optional;

/**
 * What one flush hands a writer: the coalesced changes of every table and the checkpoint that
 * covers exactly them. {@code tables} may be empty (a checkpoint-only batch, e.g. after heartbeats).
 */
public record WriteBatch(String pipeline, List<TableBatch> tables, Checkpoint checkpoint) {

    public WriteBatch {
        tables = List.copyOf(tables);
    }

    /** This batch without one change it holds (a row the target refused, set aside); empty if it holds no such change. */
    public Optional<WriteBatch> without(DataChange change) {
        if (tables.stream().noneMatch(t -> t.holds(change))) {
            return Optional.empty();
        }
        return Optional.of(new WriteBatch(pipeline, tables.stream().map(t -> t.holds(change) ? t.without(change) : t)
                .toList(), checkpoint));
    }

    public int rows() {
        return tables.stream().mapToInt(TableBatch::size).sum();
    }
}
