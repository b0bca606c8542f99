package dev.cdcsync.connector.source;

import dev.cdcsync.core.pipeline.Durability;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Confirms to one engine, in order, the records of its batches that the target holds ({@link Durability}
 * says how many). One per engine: a replacement engine starts counting afresh where the pipeline restarted, so a
 * batch that failed half-way never shifts which record a count means. Used by the engine's thread only.
 */
final class EngineConfirmations {

    private final Durability offsets;
    private final ArrayDeque<ChangeEvent<SourceRecord, SourceRecord>> unconfirmed = new ArrayDeque<>();
    /** The pipeline's count of events handed over when the first record still unconfirmed was handed. */
    private long confirmed;

    EngineConfirmations(Durability offsets) {
        this.offsets = offsets;
        this.confirmed = offsets.durableEvents();
    }

    /** Records about to be handed to the pipeline, in delivery order. */
    void handed(List<ChangeEvent<SourceRecord, SourceRecord>> records) {
        unconfirmed.addAll(records);
    }

    /** Marks processed every record the target now holds; records of an open source transaction wait. */
    void confirm(DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        long durable = offsets.durableEvents();
        long discarded = offsets.discardedEvents();
        // Marking a record sets its partition's offset in the engine (the task's and the offset writer's); only the
        // last one per partition counts, so only that one is marked.
        Map<Map<String, ?>, ChangeEvent<SourceRecord, SourceRecord>> last = new LinkedHashMap<>();
        Map<String, ?> runPartition = null;
        ChangeEvent<SourceRecord, SourceRecord> runLast = null;
        while (confirmed < durable && !unconfirmed.isEmpty()) {
            ChangeEvent<SourceRecord, SourceRecord> event = unconfirmed.removeFirst();
            if (confirmed >= discarded) { // a discarded event's change is not in the target
                Map<String, ?> partition = event.value().sourcePartition();
                if (runLast != null && partition != runPartition && !Objects.equals(partition, runPartition)) {
                    last.put(runPartition, runLast);
                }
                runPartition = partition;
                runLast = event;
            }
            confirmed++;
        }
        if (runLast != null) {
            last.put(runPartition, runLast);
        }
        for (ChangeEvent<SourceRecord, SourceRecord> event : last.values()) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }
}
