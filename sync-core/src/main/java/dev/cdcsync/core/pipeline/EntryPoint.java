package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.TableId;
import java.util.function.Predicate;

/**
 * What the pipeline must know of the entry point that feeds it.
 *
 * @param internal              source tables whose changes only move the checkpoint (e.g. a heartbeat table)
 * @param deadLetters           where records and rows that cannot be applied go; null: they stop the pipeline
 * @param snapshotReplacesTable whether a table's snapshot replaces what the target holds of it (so a row deleted while
 *                              nothing was captured goes too). Only where this pipeline sees the whole snapshot of a
 *                              table, in order: the embedded engine. Not a Kafka Connect task, since other tasks write
 *                              the rows of a topic's other partitions, which a clearing here could erase.
 * @param fillsBatches          whether a call may leave a batch that is not full buffered for the next calls, written
 *                              once {@code batch.max-rows} changes or {@code batch.max-delay} pass
 *                              ({@link SyncPipeline#flushIfDue}): for an entry point handed small slices that calls
 *                              again soon (a Kafka Connect task, 500 records a poll by default). The embedded engine
 *                              says instead whether it has more queued ({@link CaptureSink#process}): its batches
 *                              are kept small, since its records live until the whole batch is handled.
 */
public record EntryPoint(Predicate<TableId> internal, DeadLetters deadLetters, boolean snapshotReplacesTable,
                         boolean fillsBatches) {

    /** The embedded engine: the whole source, one pipeline. */
    public static EntryPoint embedded(Predicate<TableId> internal) {
        return new EntryPoint(internal, null, true, false);
    }

    /** A Kafka Connect task: some partitions of the topics, and the framework's errant-record reporter, if any. */
    public static EntryPoint kafkaTask(DeadLetters deadLetters) {
        return new EntryPoint(table -> false, deadLetters, false, true);
    }
}
