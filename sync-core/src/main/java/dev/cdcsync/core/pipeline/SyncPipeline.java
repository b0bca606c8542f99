package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.buffer.ChangeBuffer;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.decode.DebeziumEventDecoder;
import dev.cdcsync.core.decode.DecodedChange;
import dev.cdcsync.core.decode.TransactionMarker;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.model.DataChange.Op;
import dev.cdcsync.core.model.SourcePosition;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.model.TableSchema;
import dev.cdcsync.core.schema.SchemaTracker;
import dev.cdcsync.core.schema.TableState;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source-target pair's data path, shared by the daemon and the Kafka Connect plugin:
 * decode -> track schema -> evolve -> buffer -> write (with checkpoint) -> confirm.
 *
 * <p>Source transactions are committed whole: the buffer is written only at a transaction boundary
 * (or when a single transaction outgrows {@code batch.max-transaction-rows}), so a target reader
 * never sees half of one. Events after the last boundary stay buffered across calls; the caller
 * confirms to the source only the first {@link #durableEvents()} events it has handed over.
 * Not thread-safe: one caller thread.
 */
public final class SyncPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPipeline.class);

    private final String name;
    private final java.util.function.Predicate<TableId> internal;
    private final int maxRows;
    private final int maxTransactionRows;
    private final TargetWriter writer;
    private final DebeziumEventDecoder decoder = new DebeziumEventDecoder();
    private final TableRouter router;
    private final SchemaTracker schemas;
    private final ChangeBuffer buffer = new ChangeBuffer();
    private final PipelineStats stats = new PipelineStats();
    private final Map<Map<String, ?>, Checkpoint.Entry> offsets = new LinkedHashMap<>();
    /** Read by the source's threads too (Debezium confirms it to the replication slot): replaced whole, never changed. */
    private volatile Map<Map<String, ?>, Checkpoint.Entry> durableOffsets = Map.of();
    private boolean offsetsMoved;
    private long eventsTracked;
    private long eventsDurable;
    private long eventsDiscarded;
    private boolean inTransaction;
    private int transactionChanges;
    private SourcePosition lastBuffered = SourcePosition.UNKNOWN;

    public SyncPipeline(PipelineConfig config, TargetWriter writer) {
        this(config, writer, table -> false);
    }

    /** @param internal source tables whose changes only move the checkpoint (e.g. a heartbeat table) */
    public SyncPipeline(PipelineConfig config, TargetWriter writer, java.util.function.Predicate<TableId> internal) {
        this.internal = internal;
        this.name = config.name();
        this.maxRows = config.batch().maxRows();
        this.maxTransactionRows = config.batch().maxTransactionRows();
        this.writer = new RetryingTargetWriter(writer, new RetryPolicy(config.errors().retry()), config.name());
        this.router = new TableRouter(config.routes());
        // Rows of the table buffered under its old schema are written before its DDL (splitting a source
        // transaction only when it changes a table it has already written to).
        this.schemas = new SchemaTracker(config.schemaEvolution(), this.writer, table -> {
            if (buffer.holds(table)) {
                flush();
            }
        });
    }

    public String name() {
        return name;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** The checkpoint the target holds: where the source must resume. */
    public Optional<Checkpoint> committedCheckpoint() {
        return writer.offsets().load(name);
    }

    /**
     * Decodes and buffers the events and writes what is complete. On return the first
     * {@link #durableEvents()} events handed over so far are durable in the target; the rest belong
     * to a source transaction still open and wait for its end.
     */
    public void process(List<SourceEvent> events) {
        for (SourceEvent event : events) {
            stats.eventsReceived.incrementAndGet();
            Optional<TransactionMarker> marker = TransactionMarker.of(event.record());
            if (marker.isPresent()) {
                inTransaction = marker.get() == TransactionMarker.BEGIN;
                transactionChanges = 0;
            } else {
                Optional<DecodedChange> decoded = decoder.decode(event.record());
                decoded.ifPresent(this::buffer);
                transactionChanges += decoded.isPresent() && inTransaction ? 1 : 0;
            }
            track(event);
            boolean full = buffer.size() >= maxRows;
            if (full && (!inTransaction || transactionChanges >= maxTransactionRows)) {
                if (inTransaction) {
                    LOG.info("pipeline {}: source transaction over {} changes: committing it in parts", name, maxTransactionRows);
                }
                flush();
            }
        }
        if (!inTransaction) {
            flush();
        }
    }

    /**
     * How many of the events handed to {@link #process} so far are settled, counted from the first: durable
     * in the target, or discarded by {@link #startFrom} (see {@link #discardedEvents()}).
     */
    public long durableEvents() {
        return eventsDurable;
    }

    /** Events up to this count that were not yet durable were discarded by {@link #startFrom}: never confirm those to the source. */
    public long discardedEvents() {
        return eventsDiscarded;
    }

    /**
     * The checkpoint the target holds as far as this pipeline knows: the last one it wrote, or the one
     * given to {@link #startFrom}. Where the source must replay from after a restart.
     */
    public Optional<Checkpoint> durableCheckpoint() {
        Map<Map<String, ?>, Checkpoint.Entry> durable = durableOffsets;
        return durable.isEmpty() ? Optional.empty() : Optional.of(new Checkpoint(new ArrayList<>(durable.values())));
    }

    /**
     * The source (re)starts from {@code checkpoint}, which the target holds (empty: from nothing, with a
     * snapshot): drops every change buffered but not yet written, since the source delivers it again, and
     * forgets their positions; none of the events handed over so far may be confirmed any more. Without
     * this, a replayed insert into a table without a key would land twice.
     */
    public void startFrom(Optional<Checkpoint> checkpoint) {
        Map<Map<String, ?>, Checkpoint.Entry> start = new LinkedHashMap<>();
        checkpoint.ifPresent(c -> c.entries().forEach(e -> start.put(e.partition(), e)));
        durableOffsets = start;
        if (!buffer.isEmpty()) {
            LOG.info("pipeline {}: the source replays from the checkpoint: dropping {} buffered changes it sends again",
                    name, buffer.size());
        }
        buffer.drain();
        offsets.clear();
        offsets.putAll(durableOffsets);
        offsetsMoved = false;
        inTransaction = false;
        transactionChanges = 0;
        eventsDiscarded = eventsTracked;
        eventsDurable = eventsTracked;
    }

    private void buffer(DecodedChange decoded) {
        DataChange change = decoded.change();
        if (internal.test(change.table())) {
            return;
        }
        TableId target = router.targetOf(change.table());
        TableSchema schema;
        if (change.op() == Op.TRUNCATE) {
            schema = schemas.current(target);
            if (schema == null) {
                LOG.info("pipeline {}: truncate of {} ignored: the target has no table {} yet", name, change.table(), target);
                return;
            }
        } else {
            TableState state = schemas.track(target, decoded.sourceSchema());
            schema = state.target();
            change = project(change, state);
            if (change.op() == Op.READ) {
                stats.snapshotRows.incrementAndGet();
            }
            if (decoded.startsTableSnapshot()) {
                // A snapshot re-run after a crash must replace, not add to, what the first run wrote.
                buffer.add(new DataChange(Op.TRUNCATE, target, null, null, null, change.position()), schema);
            }
        }
        buffer.add(change.withTable(target), schema);
        lastBuffered = change.position();
    }

    /** Drops the values of columns the target does not have (schema-evolution ignore, or a refused change). */
    private static DataChange project(DataChange change, TableState state) {
        if (state.leftOut().isEmpty()) {
            return change;
        }
        return new DataChange(change.op(), change.table(), change.key(), without(change.before(), state.leftOut()),
                without(change.after(), state.leftOut()), change.position());
    }

    private static Map<String, Object> without(Map<String, Object> row, java.util.Set<String> columns) {
        if (row == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>(row);
        out.keySet().removeAll(columns);
        return out;
    }

    private void track(SourceEvent event) {
        eventsTracked++;
        if (event.offset() == null || event.partition() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = (Map<String, Object>) event.partition();
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) event.offset();
        offsets.put(partition, new Checkpoint.Entry(partition, offset));
        offsetsMoved = true;
    }

    /** Writes everything buffered plus the checkpoint of the events seen so far. */
    public void flush() {
        if (buffer.isEmpty() && !offsetsMoved) {
            eventsDurable = eventsTracked;
            return;
        }
        WriteBatch batch = new WriteBatch(name, buffer.drain(), new Checkpoint(new ArrayList<>(offsets.values())));
        writer.write(batch);
        durableOffsets = new LinkedHashMap<>(offsets);
        offsetsMoved = false;
        eventsDurable = eventsTracked;
        stats.changesWritten.addAndGet(batch.rows());
        stats.batchesWritten.incrementAndGet();
        stats.lastPosition = lastBuffered.description();
    }
}
