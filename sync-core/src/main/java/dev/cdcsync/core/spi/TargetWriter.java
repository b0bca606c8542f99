package dev.cdcsync.core.spi;

import dev.cdcsync.core.model.ColumnType;
import dev.cdcsync.core.model.SchemaChange;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import java.util.Optional;

/**
 * Applies changes to one target. The pipeline calls a writer from one thread.
 *
 * <p>Contract every writer must keep:
 * <ul>
 *   <li><b>Idempotent:</b> writing any batch again, or any suffix of the stream again, leaves the
 *       target as if it had been written once (upserts by primary key, deletes by key).</li>
 *   <li><b>Ordered:</b> within a {@link dev.cdcsync.core.buffer.TableBatch}, truncate, deletes,
 *       upserts and key-less changes are applied in that order.</li>
 *   <li><b>Checkpoint after data:</b> {@link #write} stores the batch's checkpoint only once the data is
 *       durable; a transactional target stores it in the same transaction. If {@code write} returns, both are
 *       durable; if it throws, the pipeline retries or stops, and the source is not confirmed.</li>
 *   <li><b>Unchanged columns:</b> a column absent from a row is left as the target has it.</li>
 *   <li><b>Identifiers</b> from the source are quoted and escaped; values are always bound, never spliced.</li>
 * </ul>
 */
public interface TargetWriter extends AutoCloseable {

    /** The table as the target has it now (for resuming after a restart), or empty if it has none. */
    Optional<TableSchema> describe(TableId table);

    /** Whether the target stores both types the same way, so a change between them needs no DDL. */
    default boolean sameStorage(ColumnType a, ColumnType b) {
        return a.sameAs(b);
    }

    /** Whether {@link #apply} can carry out this change. */
    default boolean supports(SchemaChange change) {
        return true;
    }

    /** Applies a schema change; idempotent (an already-applied change is a no-op). */
    void apply(SchemaChange change);

    /** Writes the batch and its checkpoint; see the class contract. */
    void write(WriteBatch batch);

    /** Where this writer keeps checkpoints. */
    OffsetStore offsets();

    @Override
    void close();
}
