package dev.cdcsync.connector.source;

import dev.cdcsync.core.pipeline.Durability;
import dev.cdcsync.core.pipeline.LastPerPartition;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Confirms to one engine the records the target holds ({@link Durability} says how many), batch by batch of the
 * engine's. Marking a record sets its partition's offset in the engine (last one wins), so of each engine batch
 * only the last record of each partition is kept, and marked once the whole batch is settled: the rest of the
 * records are let go as soon as the pipeline has taken them, however long a large source transaction keeps them
 * from being durable. A batch that is settled only in part waits for the rest, so the engine is never told of a
 * record the target does not hold; it may hear of a durable one a batch late.
 *
 * <p>One per engine: a replacement engine starts counting afresh where the pipeline restarted, so a batch that failed
 * half-way never shifts which record a count means. Used by the engine's thread only.
 */
final class EngineConfirmations {

    /** Events [start, end) in the pipeline's count, and the last record of each partition among them. */
    private record Handed(long start, long end, Map<Map<String, ?>, ChangeEvent<SourceRecord, SourceRecord>> lastOf) {
    }

    private final Durability offsets;
    private final ArrayDeque<Handed> unconfirmed = new ArrayDeque<>();
    /** The pipeline's count of events handed over, at the end of the last batch handed. */
    private long handed;

    EngineConfirmations(Durability offsets) {
        this.offsets = offsets;
        this.handed = offsets.durableEvents();
    }

    /** Records about to be handed to the pipeline, in delivery order. */
    void handed(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        LastPerPartition<ChangeEvent<SourceRecord, SourceRecord>> lastOf = new LastPerPartition<>();
        for (ChangeEvent<SourceRecord, SourceRecord> record : records) {
            lastOf.add(record.value().sourcePartition(), record);
        }
        unconfirmed.addLast(new Handed(handed, handed + records.size(), lastOf.asMap()));
        handed += records.size();
    }

    /** Marks processed the last record per partition of every batch the target now holds; the rest wait. */
    void confirm(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        long durable = offsets.durableEvents();
        long discarded = offsets.discardedEvents();
        Map<Map<String, ?>, ChangeEvent<SourceRecord, SourceRecord>> toMark = new LinkedHashMap<>();
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().end() <= durable) {
            Handed batch = unconfirmed.removeFirst();
            if (batch.start() >= discarded) { // a discarded event's change is not in the target
                toMark.putAll(batch.lastOf());
            }
        }
        for (ChangeEvent<SourceRecord, SourceRecord> record : toMark.values()) {
            committer.markProcessed(record);
        }
        committer.markBatchFinished();
    }
}
