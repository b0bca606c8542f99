package dev.cdcsync.connector.postgres;

import dev.cdcsync.core.spi.WriteException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one thread that uses a PostgreSQL writer's connection. Batches are written on it one after another, in the
 * order they were handed over, while the pipeline prepares the next; everything else the writer does (describe, DDL,
 * checkpoints) waits its turn behind them. Once a write fails, no write handed over after it is attempted (each
 * fails with {@link WriteException#notAttempted}), whether it was queued before the failure or handed over after it,
 * until the pipeline hands over its oldest unsettled batch again: a later batch must never commit, with its
 * checkpoint, before an earlier one has, or the earlier one, written again, would undo its changes.
 */
final class PgWriterThread implements AutoCloseable {

    private final ExecutorService thread;
    /** A write failed, and the oldest unsettled batch has not come again since: writes are refused. Thread only. */
    private boolean refusing;

    PgWriterThread(String name) {
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a write; the stage completes when it has run, or fails without running when a write failed before it and
     * this is not the oldest unsettled batch.
     */
    CompletableFuture<Void> write(boolean oldestUnsettled, Runnable write) {
        return CompletableFuture.runAsync(() -> {
            if (refusing && !oldestUnsettled) {
                throw WriteException.notAttempted("PostgreSQL target: not written, since a batch handed over before it failed");
            }
            refusing = false;
            try {
                write.run();
            } catch (RuntimeException e) {
                refusing = true;
                throw e;
            }
        }, thread);
    }

    /** Runs {@code work} on the thread once the writes queued before it have run, and returns its result. */
    <T> T call(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, thread).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Lets the queued work finish, then ends the thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
