package dev.cdcsync.core.spi;

import dev.cdcsync.core.buffer.TableBatch;
import dev.cdcsync.core.model.Checkpoint;
import java.util.List;

/**
 * What one flush hands a writer: the coalesced changes of every table and the checkpoint that
 * covers exactly them. {@code tables} may be empty (a checkpoint-only batch, e.g. after heartbeats).
 */
public record WriteBatch(String pipeline, List<TableBatch> tables, Checkpoint checkpoint) {

    public WriteBatch {
        tables = List.copyOf(tables);
    }

    public int rows() {
        return tables.stream().mapToInt(TableBatch::size).sum();
    }
}
