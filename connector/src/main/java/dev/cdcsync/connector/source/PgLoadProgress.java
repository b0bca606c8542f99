package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far a PostgreSQL initial load got, as its checkpoint entries in the target say: one entry for the load (the
 * slot's consistent point, whether the load is complete) and one per table (the first block not yet loaded, or done).
 * They live beside Debezium's own entry, which Debezium alone reads.
 */
record PgLoadProgress(long consistentLsn, boolean complete, Map<String, Long> nextBlock) {

    static final String PARTITION_KEY = "cdc_sync_load";
    /**
     * Marks an offset as void: a fresh load writes it over the connector's own entry, which an earlier run left and
     * which a target keeps per partition until the connector writes that partition again.
     */
    static final String VOIDED = "cdc_sync_voided";
    private static final String WHOLE_LOAD = "*";
    /** The next block of a table that is loaded whole. */
    static final long DONE = -1;

    /** The load's progress in a checkpoint, if the checkpoint has any. */
    static Optional<PgLoadProgress> of(Checkpoint checkpoint) {
        Long lsn = null;
        boolean complete = false;
        Map<String, Long> next = new HashMap<>();
        for (Checkpoint.Entry e : checkpoint.entries()) {
            Object table = e.partition().get(PARTITION_KEY);
            if (table == null) {
                continue;
            }
            if (WHOLE_LOAD.equals(table)) {
                lsn = ((Number) e.offset().get("lsn")).longValue();
                complete = Boolean.TRUE.equals(e.offset().get("complete"));
            } else {
                next.put(table.toString(), ((Number) e.offset().get("next_block")).longValue());
            }
        }
        return lsn == null ? Optional.empty() : Optional.of(new PgLoadProgress(lsn, complete, next));
    }

    /** The checkpoint without voided entries: what the connector and the resume check see. */
    static Checkpoint live(Checkpoint checkpoint) {
        return checkpoint.entries().stream().noneMatch(e -> e.offset().containsKey(VOIDED)) ? checkpoint
                : new Checkpoint(checkpoint.entries().stream().filter(e -> !e.offset().containsKey(VOIDED)).toList());
    }

    /** The entry streaming resumes from: Debezium's own, else the load's (the slot's consistent point). */
    static Optional<Checkpoint.Entry> streamEntry(Checkpoint checkpoint) {
        return checkpoint.entries().stream().filter(e -> !e.partition().containsKey(PARTITION_KEY)
                        && !e.offset().containsKey(VOIDED)).findFirst()
                .or(() -> checkpoint.entries().stream().filter(e -> WHOLE_LOAD.equals(e.partition().get(PARTITION_KEY)))
                        .findFirst());
    }

    /** Whether a load is under way: begun, not complete. */
    static boolean inProgress(Checkpoint checkpoint) {
        return of(checkpoint).map(p -> !p.complete()).orElse(false);
    }

    long nextBlock(TableId table) {
        return nextBlock.getOrDefault(table.toString(), 0L);
    }

    static Map<String, Object> loadPartition() {
        return Map.of(PARTITION_KEY, WHOLE_LOAD);
    }

    static Map<String, Object> loadOffset(long lsn, boolean complete) {
        return Map.of("lsn", lsn, "complete", complete);
    }

    static Map<String, Object> tablePartition(TableId table) {
        return Map.of(PARTITION_KEY, table.toString());
    }

    static Map<String, Object> tableOffset(long nextBlock) {
        return Map.of("next_block", nextBlock);
    }
}
