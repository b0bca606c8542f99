package dev.cdcsync.core.spi;

/**
 * What a writer can do; the core acts on it and never hands a writer what it declared it cannot do.
 *
 * @param transactional      {@link TargetWriter#write} stores the batch's checkpoint in the same transaction as its
 *                           data. Otherwise the pipeline stores it with {@link OffsetStore#save} once the batch and
 *                           every batch before it have completed (so a crash between the two replays the batch).
 * @param batchesInFlight    how many batches may be handed over before the first completes (1: each completes before
 *                           the next starts). Above 1 only for a writer that writes them one after another in order
 *                           and, once one failed, attempts none handed over after it (failing them with
 *                           {@link WriteException#notAttempted}) until a batch marked
 *                           {@link WriteBatch#oldestUnsettled} comes (a later batch committed before the failed one
 *                           is written again would be undone by it), or for a
 *                           target where a batch written again after a later one cannot undo the later one (it
 *                           resolves writes by {@link dev.cdcsync.core.model.ChangeVersion}). The pipeline, for its
 *                           part, hands over no new batch while one in flight is known to have failed: it writes every
 *                           such batch again first, in order, so the writer's refusals cover only what it failed
 *                           before the pipeline could know.
 * @param keylessTables      what the writer does with a table that has no primary key
 */
public record WriterCapabilities(boolean transactional, int batchesInFlight, KeylessTables keylessTables) {

    /** How a writer keeps a table without a primary key exact under replays. */
    public enum KeylessTables {
        /** Inserts appended and updates/deletes matched on the old row's values, all in the batch's transaction. */
        MATCHED_IN_TRANSACTION,
        /** Each change's stable id ({@link dev.cdcsync.core.model.DataChange#id()}) identifies its row, so a replay rewrites it. */
        BY_CHANGE_ID,
        /** Refused: the pipeline stops at the table's first row, naming it and how to give it a key. */
        REFUSED
    }

    public WriterCapabilities {
        if (batchesInFlight < 1) {
            throw new IllegalArgumentException("batchesInFlight must be at least 1");
        }
    }

    /** A transactional target written one batch at a time (PostgreSQL). */
    public static WriterCapabilities transactionalTarget() {
        return new WriterCapabilities(true, 1, KeylessTables.MATCHED_IN_TRANSACTION);
    }
}
