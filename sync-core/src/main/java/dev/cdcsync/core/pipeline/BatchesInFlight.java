package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.spi.RowRejectedException;
import dev.cdcsync.core.spi.TargetWriter;
import dev.cdcsync.core.spi.WriteBatch;
import dev.cdcsync.core.spi.WriteException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Batches handed to the writer and not yet settled. A writer may complete them in any order; they are settled
 * strictly in the order they were handed over: a failed batch is written again (transient failures, with the
 * pipeline's retries) or stops the pipeline, and only then does a later batch count. Settling a batch stores its
 * checkpoint (unless the writer stored it with the data) and tells {@link DurableOffsets}. A row the target refuses
 * is set aside, when the pipeline has somewhere to set it, and its batch written again without it. Pipeline thread only.
 */
final class BatchesInFlight {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BatchesInFlight.class);

    private record Pending(WriteBatch batch, DurableOffsets.Sealed sealed, CompletableFuture<Void> done, long handedAt) {
    }

    private final String pipeline;
    private final TargetWriter writer;
    private final RetryPolicy retry;
    private final DurableOffsets offsets;
    private final PipelineStats stats;
    private final PipelineMetrics metrics;
    /** Takes a row the target refused (reporting it); null: such a row stops the pipeline. */
    private final Consumer<RowRejectedException> setAside;
    /** Read at the first batch, once the pipeline has reached the target (a writer may ask its server). */
    private dev.cdcsync.core.spi.WriterCapabilities capabilities;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    BatchesInFlight(String pipeline, TargetWriter writer, RetryPolicy retry, DurableOffsets offsets, PipelineStats stats,
                    PipelineMetrics metrics, Consumer<RowRejectedException> setAside) {
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.setAside = setAside;
        this.writer = writer;
        this.retry = retry;
        this.offsets = offsets;
        this.stats = stats;
    }

    private dev.cdcsync.core.spi.WriterCapabilities capabilities() {
        if (capabilities == null) {
            capabilities = retry.supply(pipeline, writer::capabilities);
        }
        return capabilities;
    }

    /**
     * Hands the batch to the writer, waiting first while the writer has as many as it takes, and while an earlier
     * batch in flight has failed: that one is written again first, or this one could commit ahead of it and then have
     * older values written over its own.
     */
    void submit(WriteBatch batch, DurableOffsets.Sealed sealed) {
        while (pending.size() >= capabilities().batchesInFlight() || anyFailed()) {
            settleHead();
        }
        pending.add(new Pending(batch, sealed, start(pending.isEmpty() ? batch.asOldestUnsettled() : batch),
                System.nanoTime()));
        settleCompleted();
    }

    private boolean anyFailed() {
        for (Pending p : pending) {
            if (p.done().isCompletedExceptionally()) {
                return true;
            }
        }
        return false;
    }

    /** Settles, in order, the batches that have completed. */
    void settleCompleted() {
        while (!pending.isEmpty() && pending.peekFirst().done().isDone()) {
            settleHead();
        }
    }

    /** Waits for every batch in flight and settles it. */
    void settleAll() {
        while (!pending.isEmpty()) {
            settleHead();
        }
    }

    /**
     * The source restarts from the checkpoint the target holds: waits for every batch in flight, settles those that
     * succeeded in order, and drops the first that failed and all after it (a write cut short by the stop of the
     * engine that handed it over). The source delivers their changes again. A failed batch is not written again here:
     * it could commit after the checkpoint the source restarts from was read, and then be written a second time.
     */
    void settleOrDrop() {
        while (!pending.isEmpty()) {
            if (!succeeded(pending.peekFirst())) {
                LOG.info("pipeline {}: {} batch(es) not written before the source restarts; the source sends them again",
                        pipeline, pending.size());
                awaitDone();
                pending.clear();
                return;
            }
            settleHead();
        }
    }

    /** Waits until the writer is done with every batch in flight, whatever the outcome; settles none. */
    void awaitDone() {
        pending.forEach(BatchesInFlight::succeeded);
    }

    private static boolean succeeded(Pending p) {
        try {
            p.done().join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private CompletableFuture<Void> start(WriteBatch batch) {
        try {
            return writer.write(batch).toCompletableFuture();
        } catch (RuntimeException e) { // a synchronous writer may throw instead of completing exceptionally
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Gives up on every batch in flight: waits until the writer is done with each (so none lands after what comes
     * next), whatever its outcome. Those a transactional writer committed before the first that failed are settled (the
     * target holds them and their checkpoint, which a restart from this pipeline's checkpoint must not write again);
     * the rest are dropped. The entry point resumes from the checkpoint the target holds.
     */
    void abandon() {
        boolean inOrder = true;
        for (Pending p : pending) {
            // Committed with its checkpoint before any failure: the target holds it, so it counts as held.
            inOrder = succeeded(p) && inOrder;
            if (inOrder && capabilities != null && capabilities.transactional()) {
                settled(p, p.batch());
            }
        }
        pending.clear();
    }

    private void settleHead() {
        Pending head = pending.peekFirst();
        WriteBatch batch = head.batch();
        CompletableFuture<Void> attempt = head.done();
        while (true) {
            try {
                writeWithRetries(batch, attempt);
                break;
            } catch (RowRejectedException e) {
                WriteBatch rest = setAside == null ? null : batch.without(e.change()).orElse(null);
                if (rest == null) {
                    throw e;
                }
                setAside.accept(e);
                batch = rest;
                attempt = start(batch.asOldestUnsettled());
            }
        }
        if (!capabilities().transactional() && !head.sealed().checkpoint().isEmpty()) {
            retry.run(pipeline, () -> writer.offsets().save(pipeline, head.sealed().checkpoint()));
        }
        pending.removeFirst();
        settled(head, batch);
    }

    /** The target holds the batch and its checkpoint. */
    private void settled(Pending head, WriteBatch batch) {
        offsets.durable(head.sealed());
        stats.changesWritten.addAndGet(batch.rows());
        stats.batchesWritten.incrementAndGet();
        stats.lastPosition = head.sealed().lastPosition();
        metrics.committed(batch, System.nanoTime() - head.handedAt(), System.currentTimeMillis());
    }

    /**
     * Waits for {@code first}, the batch's write so far, and writes the batch again while it fails transiently; a
     * write the writer did not attempt (one before it failed) is handed over again without counting as a failure.
     */
    private void writeWithRetries(WriteBatch batch, CompletableFuture<Void> first) {
        boolean[] isFirst = {true};
        retry.supply(pipeline, () -> {
            // The head of the batches in flight: every write of it again is the oldest unsettled one.
            CompletableFuture<Void> attempt = isFirst[0] ? first : start(batch.asOldestUnsettled());
            isFirst[0] = false;
            try {
                return join(attempt);
            } catch (WriteException e) {
                if (e.attempted()) {
                    throw e;
                }
                return join(start(batch.asOldestUnsettled()));
            }
        });
    }

    private static Void join(CompletableFuture<Void> attempt) {
        try {
            return attempt.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }
}
