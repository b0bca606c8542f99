package dev.cdcsync.core.spi;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Applies changes to one target. The pipeline calls a writer from one thread; only the stage {@link #write}
 * returns may complete on another.
 *
 * <p>Contract every writer must keep (a new writer implements these methods and a {@link TargetWriterFactory}):
 * <ul>
 *   <li><b>Idempotent:</b> writing any batch again, or any suffix of the stream again, leaves the
 *       target as if it had been written once (upserts by primary key, deletes by key, key-less rows as
 *       {@link WriterCapabilities.KeylessTables} says).</li>
 *   <li><b>Ordered:</b> within a {@link dev.cdcsync.core.buffer.TableBatch}, the clearing (truncate or snapshot
 *       start), deletes, upserts and key-less changes are applied in that order.</li>
 *   <li><b>Durable on completion:</b> the stage {@link #write} returns completes once the batch is durable (and, for a
 *       {@linkplain WriterCapabilities#transactional() transactional} writer, its checkpoint with it, in one
 *       transaction); it completes exceptionally with a {@link WriteException} (transient: the pipeline writes the
 *       batch again) or a {@link RowRejectedException}. The pipeline confirms batches to the source strictly in the
 *       order it handed them over, whatever order their stages complete in.</li>
 *   <li><b>Unchanged columns:</b> a column absent from a row is left as the target has it.</li>
 *   <li><b>Identifiers</b> from the source are quoted and escaped; values are always bound, never spliced.</li>
 *   <li><b>Capabilities:</b> the writer never receives what {@link #capabilities()} or {@link #supports} exclude.</li>
 * </ul>
 */
public interface TargetWriter extends AutoCloseable {

    /**
     * What this writer can do; constant for its lifetime. It may depend on the server (e.g. whether it has
     * transactions), so the pipeline asks only once it has reached the target; a transient {@link WriteException} is
     * retried.
     */
    WriterCapabilities capabilities();

    /** The table as the target has it now (for resuming after a restart), or empty if it has none. */
    Optional<TableSchema> describe(TableId table);

    /** Whether the target stores both types the same way, so a change between them needs no DDL. */
    default boolean sameStorage(ColumnType a, ColumnType b) {
        return a.sameAs(b);
    }

    /** Whether {@link #apply} can carry out this change (e.g. a target that cannot change a column's type says no). */
    default boolean supports(SchemaChange change) {
        return true;
    }

    /** Applies a schema change, synchronously; idempotent (an already-applied change is a no-op). */
    void apply(SchemaChange change);

    /** Writes the batch (and, if transactional, its checkpoint); see the class contract. */
    CompletionStage<Void> write(WriteBatch batch);

    /**
     * The target's own place for dead letters ({@code cdc_sync_dead_letters}, created when the first letter comes), for
     * {@code errors.mode: dead-letter}; empty where this writer keeps none.
     */
    default Optional<DeadLetterStore> deadLetters() {
        return Optional.empty();
    }

    /** Where this writer keeps checkpoints. */
    OffsetStore offsets();

    @Override
    void close();
}
