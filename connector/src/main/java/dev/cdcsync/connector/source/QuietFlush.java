package dev.cdcsync.connector.source;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * After a full engine batch the pipeline keeps what it buffered for the batches that follow (see
 * {@code CaptureSink#process}); but the engine calls its handler only when records come, so if the source goes quiet
 * right then, those changes would wait for its next change. This calls back once {@code batch.max-delay} has passed
 * without another batch, naming the batch it was armed after, so the callback can check, under the lock batches are
 * handled with, that no other batch came meanwhile ({@link #isLatest}).
 */
final class QuietFlush implements AutoCloseable {

    private final ScheduledThreadPoolExecutor timer;
    private final long delayMs;
    private final LongConsumer onQuiet;
    private final AtomicLong arrivals = new AtomicLong();

    QuietFlush(String pipeline, long delayMs, LongConsumer onQuiet) {
        this.delayMs = delayMs;
        this.onQuiet = onQuiet;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cdc-sync-" + pipeline + "-quiet-flush");
            t.setDaemon(true);
            return t;
        });
        // Closing drops what is armed, and lets a flush under way finish: interrupted, its wait for the writes
        // would look like a failed write.
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** A batch arrives; returns its number. */
    long arrived() {
        return arrivals.incrementAndGet();
    }

    /** Batch {@code batch} was full: call back after the delay, unless the timer is closed by then. */
    void armAfter(long batch) {
        try {
            timer.schedule(() -> onQuiet.accept(batch), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the run is being stopped: what is held is replayed from the target's checkpoint
        }
    }

    /** Whether {@code batch} is still the last batch that arrived. */
    boolean isLatest(long batch) {
        return arrivals.get() == batch;
    }

    @Override
    public void close() {
        timer.shutdown();
    }
}
