package dev.cdcsync.connector.source;

import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * For a load that several targets took and that was cut short: {@code committed} with the load's progress set to
     * the least any target made, table by table, so that a resumed load gives every target what it lacks (a target
     * further on gets some rows again, as upserts). Empty when a target holds no progress of this load (another
     * consistent point, or none): the load must start over.
     */
    static Optional<Checkpoint> leastOf(Checkpoint committed, List<Checkpoint> targets) {
        Optional<PgLoadProgress> base = of(committed);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> least = new LinkedHashMap<>(base.get().nextBlock());
        for (Checkpoint target : targets) {
            Optional<PgLoadProgress> own = of(target);
            if (own.isEmpty() || own.get().consistentLsn() != base.get().consistentLsn()) {
                return Optional.empty();
            }
            least.replaceAll((table, next) -> behind(next, own.get().nextBlock.getOrDefault(table, 0L)));
        }
        PgLoadProgress merged = new PgLoadProgress(base.get().consistentLsn(), false, least);
        return Optional.of(committed.mergedWith(new Checkpoint(List.of(new Checkpoint.Entry(partition(), merged.offset())))));
    }

    /** The next block of the two that is further behind ({@link #DONE} is furthest on). */
    private static long behind(long a, long b) {
        return a == DONE ? b : b == DONE ? a : Math.min(a, b);
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
