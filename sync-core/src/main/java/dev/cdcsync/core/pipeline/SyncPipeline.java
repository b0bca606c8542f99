package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.buffer.ChangeBuffer;
import dev.cdcsync.core.config.PipelineConfig;
import dev.cdcsync.core.decode.DecodeException;
import dev.cdcsync.core.model.Checkpoint;
import dev.cdcsync.core.model.TableId;
import dev.cdcsync.core.schema.SchemaTracker;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One source-target pair's data path, shared by every entry point (the embedded engine, a Kafka Connect task):
 * decode -> track schema -> evolve -> buffer -> write -> confirm. Confirmation has one home,
 * {@link DurableOffsets} ({@link #offsets()}), which both entry points ask.
 *
 * <p>Source transactions the entry point marks are committed whole: the buffer is written only at a transaction
 * boundary (or when one transaction outgrows {@code batch.max-transaction-rows}), so a target reader never sees half
 * of one. Events after the last boundary stay buffered across calls. Not thread-safe: one caller thread.
 */
public final class SyncPipeline implements CaptureSink {

    private static final Logger LOG = LoggerFactory.getLogger(SyncPipeline.class);

    private final String name;
    private final int maxRows;
    private final int maxTransactionRows;
    private final TargetWriter writer;
    private final ChangeBuffer buffer = new ChangeBuffer();
    private final ChangeIntake intake;
    private final PipelineStats stats = new PipelineStats();
    private final PipelineMetrics metrics;
    private final DurableOffsets offsets = new DurableOffsets();
    private final BatchesInFlight inFlight;
    private final boolean fillsBatches;
    private final long maxDelayNanos;
    /** When the first event not yet handed to the writer arrived (System.nanoTime), or -1. */
    private long firstUnflushed = -1;
    private boolean inTransaction;
    private int transactionChanges;
    /** The open source transaction is being committed in parts (said once in the log). */
    private boolean inParts;

    public SyncPipeline(PipelineConfig config, TargetWriter writer) {
        this(config, writer, EntryPoint.embedded(table -> false));
    }

    public SyncPipeline(PipelineConfig config, TargetWriter writer, EntryPoint entry) {
        this(config, writer, entry, PipelineMetrics.NONE);
    }

    /** The same, reporting to {@code metrics} what it writes, retries and sets aside. */
    public SyncPipeline(PipelineConfig config, TargetWriter writer, EntryPoint entry, PipelineMetrics metrics) {
        this.metrics = metrics;
        this.fillsBatches = entry.fillsBatches();
        this.maxDelayNanos = config.batch().maxDelay().toNanos();
        this.name = config.name();
        this.maxRows = config.batch().maxRows();
        this.maxTransactionRows = config.batch().maxTransactionRows();
        RetryPolicy retry = new RetryPolicy(config.errors().retry(), metrics);
        this.writer = new RetryingTargetWriter(writer, retry, config.name());
        // Rows of the table buffered under its old schema are written before its DDL (splitting a source
        // transaction only when it changes a table it has already written to), and no write is in flight while
        // the DDL runs (an asynchronous writer may still be writing the table's rows).
        SchemaTracker schemas = new SchemaTracker(config.name(), config.schemaEvolution(), this.writer, this::beforeSchemaChange);
        this.intake = new ChangeIntake(name, entry, new TableRouter(config.routes()), schemas, buffer,
                config.deletes().equals("soft") ? new SoftDeletes() : null, offsets, stats, metrics);
        this.inFlight = new BatchesInFlight(name, this.writer, retry, offsets, stats, metrics,
                intake.setsAside() ? intake::setAside : null);
    }

    /** Before the target's table changes shape: its rows buffered under the old one are written, and none is in flight. */
    private void beforeSchemaChange(TableId table) {
        if (buffer.holds(table)) {
            flush();
        }
        inFlight.settleAll();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * This pipeline is one target of several fed by one capture ({@link FanOut}): its checkpoints carry the version of
     * the last streamed change, and after a restart from an older target's checkpoint it skips what it holds.
     */
    public void stampVersions() {
        intake.stampVersions();
    }

    @Override
    public Durability durability() {
        return offsets;
    }

    public PipelineStats stats() {
        return stats;
    }

    /** Where this pipeline reports what it does (for an entry point to report its own retries and failures). */
    @Override
    public PipelineMetrics metrics() {
        return metrics;
    }

    /** What the target holds, per source partition: the one object every entry point asks before it confirms. */
    public DurableOffsets offsets() {
        return offsets;
    }

    /**
     * The checkpoint the target holds, read from the target: where the source must resume. Called while no events come
     * (the source has stopped); waits first until the writer is done with the batches in flight, since one that
     * committed after the read would be replayed on top of itself.
     */
    @Override
    public Checkpoint committedCheckpoint() {
        inFlight.awaitDone();
        return writer.offsets().load(name);
    }

    /** The same, for just these partitions (a Kafka Connect task's assignment). */
    public Checkpoint committedCheckpoint(Collection<? extends Map<String, ?>> partitions) {
        return writer.offsets().load(name, partitions);
    }

    /**
     * Decodes and buffers the events and writes what is complete. What is durable afterwards, {@link #offsets()}
     * says; events of a source transaction still open wait for its end.
     *
     * <p>{@code more}: the entry point has more events at hand and calls again at once, so what is buffered outside a
     * transaction is written only once {@code batch.max-rows} changes are held or {@code batch.max-delay} has passed;
     * without it, the call's changes are written before it returns (unless the entry point {@link
     * EntryPoint#fillsBatches fills batches}).
     *
     * @throws DecodeException for a record the pipeline does not understand, naming where it is
     */
    @Override
    public void process(List<SourceEvent> events, boolean more) {
        for (SourceEvent event : events) {
            stats.eventsReceived.incrementAndGet();
            if (firstUnflushed < 0) {
                firstUnflushed = System.nanoTime();
            }
            switch (event.role()) {
                case TRANSACTION_BEGIN, TRANSACTION_END -> {
                    inTransaction = event.role() == SourceEvent.Role.TRANSACTION_BEGIN;
                    transactionChanges = 0;
                    inParts = false;
                }
                case CHANGE -> {
                    boolean buffered = intake.take(event);
                    transactionChanges += buffered && inTransaction ? 1 : 0;
                }
                case SNAPSHOT_END -> buffer.endSnapshots();
            }
            offsets.received(event);
            boolean full = buffer.size() >= maxRows;
            if (full && (!inTransaction || transactionChanges >= maxTransactionRows)) {
                if (inTransaction && !inParts) {
                    inParts = true;
                    LOG.info("pipeline {}: source transaction over {} changes: committing it in parts", name, maxTransactionRows);
                }
                flush();
            }
        }
        if (!inTransaction && !fillsBatches && (!more || due())) {
            flush();
        }
        settleCompleted();
    }

    /** Whether {@code batch.max-delay} has passed since the first event not yet handed to the writer. */
    private boolean due() {
        return firstUnflushed >= 0 && System.nanoTime() - firstUnflushed >= maxDelayNanos;
    }

    /**
     * Settles, in order, the batches whose writes have completed, so that {@link #offsets()} says what the target
     * holds now (an entry point that asks while no event comes).
     *
     * @throws WriteException as {@link #process} does, for a completed write that failed
     */
    public void settleCompleted() {
        inFlight.settleCompleted();
        intake.settledUpTo(offsets.durableEvents());
    }

    /**
     * The source (re)starts from {@code checkpoint}, which the target holds (empty: from nothing, with a snapshot):
     * waits for the batches in flight (a batch whose write failed as the previous engine stopped is dropped), then
     * drops every change buffered but not yet written, since the source
     * delivers it again; none of the events handed over so far may be confirmed any more. Without this, a replayed
     * insert into a table without a key would land twice.
     */
    public void startFrom(Checkpoint checkpoint) {
        startFrom(checkpoint, List.of());
    }

    /**
     * The same, for a source that begins with a snapshot of {@code snapshotted} (source tables): the target's content
     * of each is replaced by the snapshot's rows, so a table that is empty at the source now is emptied too (it
     * sends no row that would say so). Written with the first batch, in the same transaction where the target has them.
     */
    @Override
    public void startFrom(Checkpoint checkpoint, Collection<TableId> snapshotted) {
        startFromCheckpoint(checkpoint);
        intake.startSnapshots(snapshotted);
    }

    /**
     * The source restarts from at most this pipeline's own checkpoint (a fan-out's capture restarting for another
     * target). What is in flight is settled first: a batch the target committed but this pipeline had not yet settled
     * (nothing came since to settle it) would otherwise be missing from the checkpoint, and from the version stamp
     * that skips what the target holds, and be written twice.
     */
    public void startFromOwnCheckpoint(Collection<TableId> snapshotted) {
        inFlight.settleOrDrop();
        startFrom(durability().checkpoint(), snapshotted);
    }

    private void startFromCheckpoint(Checkpoint checkpoint) {
        inFlight.settleOrDrop();
        if (!buffer.isEmpty()) {
            LOG.info("pipeline {}: the source replays from the checkpoint: dropping {} buffered changes it sends again",
                    name, buffer.size());
        }
        buffer.reset();
        firstUnflushed = -1;
        offsets.restart(checkpoint);
        intake.resumeAfter(checkpoint);
        inTransaction = false;
        transactionChanges = 0;
        inParts = false;
    }

    /**
     * These source partitions are no longer this pipeline's (a Kafka Connect rebalance): their buffered changes are
     * dropped, the other partitions' kept; the partitions' new owner replays them from the target's checkpoint.
     */
    public void revoke(Collection<? extends Map<String, ?>> partitions) {
        inFlight.settleAll();
        buffer.dropPartitions(partitions);
        offsets.revoke(partitions);
    }

    /**
     * A write failed, and this pipeline will not retry it: waits until the writer is done with the batches in flight
     * and drops everything not yet durable. The pipeline is spent; the entry point resumes with a new one from the
     * checkpoint the target holds ({@link #committedCheckpoint}).
     */
    public void abandon() {
        inFlight.abandon();
        buffer.reset();
    }

    /** Waits until every batch handed to the writer is settled (before a clean stop). */
    @Override
    public void awaitWrites() {
        inFlight.settleAll();
    }

    /**
     * For an entry point that {@linkplain EntryPoint#fillsBatches fills batches} across calls: writes what is buffered
     * once {@code batch.max-delay} has passed since its first event.
     *
     * @return milliseconds until what is still buffered is due (call again by then), or 0 when nothing waits
     */
    public long flushIfDue() {
        if (!inTransaction && due()) {
            flush();
        }
        settleCompleted();
        return firstUnflushed < 0 ? 0 : Math.max(1, (firstUnflushed + maxDelayNanos - System.nanoTime()) / 1_000_000);
    }

    /** Hands everything buffered, with the offsets of the events seen so far, to the writer. */
    public void flush() {
        firstUnflushed = -1;
        if (buffer.isEmpty() && !offsets.moved()) {
            if (offsets.hasUnsealed() && inFlight.isEmpty()) {
                offsets.durable(offsets.seal(intake.lastBuffered().description(), intake.stamp())); // events without offsets: nothing to store
            }
            return;
        }
        DurableOffsets.Sealed sealed = offsets.seal(intake.lastBuffered().description(), intake.stamp());
        inFlight.submit(new WriteBatch(name, buffer.drain(), sealed.checkpoint()), sealed);
    }
}
