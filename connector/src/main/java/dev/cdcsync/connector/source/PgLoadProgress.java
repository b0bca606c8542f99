package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How far a PostgreSQL initial load got, as one checkpoint entry of its own in the target says: the slot's consistent
 * point, whether the load is complete, and per table the first block not yet loaded (or done). It lives beside
 * Debezium's own entry, which Debezium alone reads.
 */
record PgLoadProgress(long consistentLsn, boolean complete, Map<String, Long> nextBlock) {

    static final String PARTITION_KEY = "cdc_sync_load";
    /**
     * Marks an offset as void: a fresh load writes it over the connector's own entry, which an earlier run left and
     * which a target keeps per partition until the connector writes that partition again.
     */
    static final String VOIDED = "cdc_sync_voided";
    /** The next block of a table that is loaded whole. */
    static final long DONE = -1;

    PgLoadProgress {
        nextBlock = Map.copyOf(nextBlock);
    }

    /** A load that begins at the slot's consistent point. */
    static PgLoadProgress started(long consistentLsn) {
        return new PgLoadProgress(consistentLsn, false, Map.of());
    }

    /** The load's progress in a checkpoint, if the checkpoint has any. */
    static Optional<PgLoadProgress> of(Checkpoint checkpoint) {
        return checkpoint.entries().stream().filter(e -> e.partition().containsKey(PARTITION_KEY)).findFirst().map(e -> {
            Map<String, Long> next = new LinkedHashMap<>();
            if (e.offset().get("next_block") instanceof Map<?, ?> tables) {
                tables.forEach((t, n) -> next.put(t.toString(), ((Number) n).longValue()));
            }
            return new PgLoadProgress(((Number) e.offset().get("lsn")).longValue(),
                    Boolean.TRUE.equals(e.offset().get("complete")), next);
        });
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
                .or(() -> checkpoint.entries().stream().filter(e -> e.partition().containsKey(PARTITION_KEY)).findFirst());
    }

    /** Whether a load is under way: begun, not complete. */
    static boolean inProgress(Checkpoint checkpoint) {
        return of(checkpoint).map(p -> !p.complete()).orElse(false);
    }

    long nextBlock(TableId table) {
        return nextBlock.getOrDefault(table.toString(), 0L);
    }

    /** The same progress with the table loaded up to {@code next} ({@link #DONE}: whole). */
    PgLoadProgress withTable(TableId table, long next) {
        Map<String, Long> tables = new LinkedHashMap<>(nextBlock);
        tables.put(table.toString(), next);
        return new PgLoadProgress(consistentLsn, complete, tables);
    }

    PgLoadProgress completed() {
        return new PgLoadProgress(consistentLsn, true, nextBlock);
    }

    static Map<String, Object> partition() {
        return Map.of(PARTITION_KEY, "*");
    }

    /** The checkpoint offset that records this progress. */
    Map<String, Object> offset() {
        return Map.of("lsn", consistentLsn, "complete", complete, "next_block", nextBlock);
    }
}
